package dev.intercomgateway.intercom.client;

import dev.intercomgateway.intercom.budget.IntercomCaller;

import org.springframework.http.HttpMethod;

/**
 * One call to Intercom as the policies see it: {@code method} tells them whether repeating it is
 * safe; {@code operation} ({@code "POST /messages"}, the method and Intercom's path template, never
 * ids or a query) names it in logs, errors and meters; {@code caller} is who it is made for (budget
 * share, own limit, call slots).
 */
public record IntercomCall(HttpMethod method, String operation, String caller) {

    /** A call of the operation for the caller of the request being served ({@link IntercomCaller}). */
    public static IntercomCall forCurrentCaller(HttpMethod method, String pathTemplate) {
        return new IntercomCall(method, method.name() + " " + pathTemplate, IntercomCaller.ofCurrentRequest());
    }
}
