package dev.intercomgateway.intercom.budget;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * Who an Intercom call is made for, so that the budget shares itself fairly between callers, and
 * each caller's own limit and call slots count its calls. The policies get the caller as an
 * argument ({@code IntercomCall.caller()}); this class says where the seam takes it from.
 *
 * <p>The source is a request attribute ({@link #ATTRIBUTE}), set by the layer that authenticates
 * callers when it admits a request (its caller's share checked). It lives and dies with the request,
 * so nothing has to be cleared. Spring binds the request to the threads that serve it, virtual
 * ones included, and binds it again on the thread where a streamed answer (the user export) is
 * written, so an export's pages count as its caller's. Work with no request behind it (health
 * checks, startup) and requests the layer never admitted (the actuator) count as {@link #SERVICE}.
 * Work handed to another thread by hand does too, unless it carries the request's attributes over
 * ({@code RequestContextHolder.setRequestAttributes}) or passes the caller explicitly.
 */
public final class IntercomCaller {

    public static final String SERVICE = "service";
    /** The request attribute naming the admitted caller (a String, as {@code CallerIdentity} names callers). */
    public static final String ATTRIBUTE = IntercomCaller.class.getName();

    private IntercomCaller() {
    }

    /** The caller admitted for the request being served, or {@link #SERVICE} outside one. */
    public static String ofCurrentRequest() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        Object caller = request == null ? null : request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        return caller instanceof String name ? name : SERVICE;
    }
}
