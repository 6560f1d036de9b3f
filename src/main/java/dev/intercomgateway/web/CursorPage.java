package dev.intercomgateway.web;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** One page of a list; pass {@code next_cursor} back as {@code cursor} to get the next page. */
public record CursorPage<T>(
        List<T> data,
        @Schema(description = "Cursor of the next page, or null on the last page", nullable = true) String nextCursor) {
}
