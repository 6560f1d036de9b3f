package dev.intercomgateway.intercom.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.intercomgateway.intercom.budget.IntercomCaller;
import dev.intercomgateway.intercom.client.model.IntercomSearchRequest;
import dev.intercomgateway.intercom.client.model.IntercomTag;
import dev.intercomgateway.intercom.operations.IntercomOperations;

import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.support.WebClientAdapter;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.invoker.HttpServiceProxyFactory;

/** The policies sit beneath IntercomApi's proxy: each call reaches them named by its annotations, for the request's caller. */
class IntercomCallsAdapterTest {

    /** Records what reaches the policies and answers without sending anything. */
    static final class Recorded implements IntercomCalls {

        final List<IntercomCall> calls = new CopyOnWriteArrayList<>();

        @Override
        public <T> IntercomResponse<T> perform(IntercomCall call, Supplier<ResponseEntity<T>> exchange) {
            calls.add(call);
            return new IntercomResponse<>(200, null, null, null);
        }
    }

    interface EntityApi {
        @GetExchange("/me")
        ResponseEntity<String> me();
    }

    private final Recorded policies = new Recorded();

    private <A> A proxy(Class<A> api) {
        return HttpServiceProxyFactory.builderFor(WebClientAdapter.create(WebClient.create("http://intercom.invalid")))
                .exchangeAdapterDecorator(adapter -> new IntercomCallsAdapter(adapter, policies))
                .build().createClient(api);
    }

    @AfterEach
    void unbind() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void eachCallIsNamedByItsMethodAndPathTemplateWithoutTheQuery() {
        IntercomApi api = proxy(IntercomApi.class);
        api.getContact("6650a1");
        api.getConversation("123");
        api.listConversations(20, "cursor");
        api.searchContacts(new IntercomSearchRequest(IntercomSearchRequest.Query.equalTo("role", "user"), null));
        api.untagConversation("123", "7", new IntercomTag.RemovedBy("990001"));
        api.me();

        assertThat(policies.calls).extracting(IntercomCall::operation).containsExactly(
                "GET /contacts/{contact_id}", "GET /conversations/{conversation_id}", "GET /conversations", "POST /contacts/search",
                "DELETE /conversations/{conversation_id}/tags/{tag_id}", "GET /me");
        assertThat(policies.calls).extracting(IntercomCall::method).containsExactly(
                HttpMethod.GET, HttpMethod.GET, HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE, HttpMethod.GET);
        List<String> described = IntercomOperations.described().all().stream()
                .map(operation -> operation.method().name() + " " + operation.pathTemplate()).toList();
        assertThat(described).as("the names are Intercom's own operations").containsAll(policies.calls.stream().map(IntercomCall::operation).toList());
    }

    @Test
    void theCallerIsTheOneAdmittedForTheRequestAndTheServiceOutsideOne() {
        IntercomApi api = proxy(IntercomApi.class);
        api.me();
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setAttribute(IntercomCaller.ATTRIBUTE, "batch-job");
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        api.me();
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(new MockHttpServletRequest()));
        api.me();

        assertThat(policies.calls).extracting(IntercomCall::caller).containsExactly("service", "batch-job", "service");
    }

    @Test
    void anOperationDeclaredWithoutItsBodyAsAnswerCannotPassBesideThePolicies() {
        assertThatThrownBy(() -> proxy(EntityApi.class).me()).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("GET /me");
        assertThat(policies.calls).isEmpty();
    }

    @Test
    void everyOperationOfTheInterfaceReturnsItsBody() {
        for (var method : IntercomApi.class.getDeclaredMethods()) {
            assertThat(method.getReturnType()).as(method.getName()).isNotIn(ResponseEntity.class, void.class, Void.class,
                    org.springframework.http.HttpHeaders.class);
        }
    }
}
