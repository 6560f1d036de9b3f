package dev.intercomgateway.intercom.client.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Body of {@code POST /contacts/search} and {@code POST /conversations/search}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntercomSearchRequest(Query query, Pagination pagination) {

    /** Either a single filter ({@code field}, {@code operator}, {@code value}) or a group (AND/OR over {@code value}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Query(String field, String operator, Object value) {

        public static Query equalTo(String field, Object value) {
            return new Query(field, "=", value);
        }

        /** Unix seconds after which a time field must lie. */
        public static Query after(String field, long epochSeconds) {
            return new Query(field, ">", epochSeconds);
        }

        public static Query and(List<Query> filters) {
            return filters.size() == 1 ? filters.getFirst() : new Query(null, "AND", filters);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pagination(int perPage, String startingAfter) {
    }
}
