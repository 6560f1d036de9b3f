package dev.intercomgateway.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Intercom's lists as the sandbox answers them: cursor pages, and the unpaged lists. */
final class SandboxPages {

    static final int MAX_PER_PAGE = 150;

    private SandboxPages() {
    }

    /** An unpaged Intercom list: {@code {"type": type, itemsField: [copies of items]}}. */
    static ObjectNode list(String type, String itemsField, java.util.Collection<ObjectNode> items) {
        ObjectNode list = SandboxJson.object().put("type", type);
        ArrayNode all = list.putArray(itemsField);
        items.forEach(item -> all.add(item.deepCopy()));
        return list;
    }


    /** Intercom's cursor pagination: the cursor names the last item of the previous page. */
    static <T> ObjectNode page(String type, String itemsField, List<T> all, Function<T, String> idOf, Function<T, ObjectNode> toJson,
            int perPage, String startingAfter) {
        int from = 0;
        if (startingAfter != null) {
            String afterId = decodeCursor(startingAfter);
            int index = -1;
            for (int i = 0; i < all.size(); i++) {
                if (idOf.apply(all.get(i)).equals(afterId)) {
                    index = i;
                    break;
                }
            }
            if (index < 0) {
                throw SandboxError.invalid("starting_after does not name a position in this list");
            }
            from = index + 1;
        }
        int to = Math.min(all.size(), from + perPage);
        ObjectNode page = SandboxJson.object().put("type", type);
        ArrayNode items = page.putArray(itemsField);
        all.subList(from, to).forEach(item -> items.add(toJson.apply(item)));
        page.put("total_count", all.size());
        ObjectNode pages = page.putObject("pages").put("type", "pages")
                .put("page", from / perPage + 1)
                .put("per_page", perPage)
                .put("total_pages", Math.ceilDiv(all.size(), perPage));
        if (to < all.size()) {
            pages.putObject("next").put("per_page", perPage).put("starting_after", encodeCursor(idOf.apply(all.get(to - 1))));
        }
        return page;
    }

    static String encodeCursor(String id) {
        return Base64.getEncoder().encodeToString(("[\"" + id + "\"]").getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeCursor(String cursor) {
        try {
            String json = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
            return SandboxJson.MAPPER.readTree(json).get(0).asString();
        } catch (RuntimeException e) {
            throw SandboxError.invalid("starting_after is not a valid cursor");
        }
    }

    static int perPage(JsonNode value, int fallback) {
        if (value == null || value.isNull()) {
            return fallback;
        }
        int perPage = value.asInt(-1);
        if (perPage < 1 || perPage > MAX_PER_PAGE) {
            throw SandboxError.invalid("per_page must be between 1 and " + MAX_PER_PAGE);
        }
        return perPage;
    }
}
