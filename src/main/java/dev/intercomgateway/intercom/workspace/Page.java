package dev.intercomgateway.intercom.workspace;

import java.util.List;

/**
 * One page of a cursor-paged answer.
 *
 * @param items never null
 * @param nextCursor Intercom's {@code starting_after} for the next page, or null on the last page
 */
public record Page<T>(List<T> items, String nextCursor) {
}
