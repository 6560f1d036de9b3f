package dev.intercomgateway.web;

import java.time.Instant;

import org.springframework.core.convert.converter.Converter;

/**
 * Reads every {@link Instant} of a query string or a path through {@link TimeValues}, as request bodies
 * are read. Registered as a bean, it takes the place of Spring's own conversion (which also takes
 * epoch milliseconds and RFC 1123 dates).
 */
public class TimeValueConverter implements Converter<String, Instant> {

    @Override
    public Instant convert(String source) {
        return TimeValues.parse(source);
    }
}
