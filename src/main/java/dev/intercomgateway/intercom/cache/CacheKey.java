package dev.intercomgateway.intercom.cache;

/**
 * One cached read: the object it shows ({@code contact:<id>}, {@code conversation:<id>},
 * {@code admin:<id>}, {@code teams}, {@code tags}), which is what invalidations name, and the
 * variant of the read: Intercom's operation with its expanded path, query and {@code Intercom-Version}.
 */
public record CacheKey(String object, String variant) {
}
