package dev.intercomgateway.web;

import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;

import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SdkTracerProviderBuilderCustomizer;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanExporters;
import org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.SpanProcessors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spans are recorded only when something receives them. With no exporter (no OTLP endpoint set) Boot
 * still builds a tracer whose batch processor has nowhere to send, and every request would record its
 * spans, attributes and events for nothing. Then the sampler drops them all: spans are not recorded,
 * but their contexts still carry trace ids, so log lines and problem bodies keep a trace id (a caller's
 * {@code traceparent} continued) and the observations' metrics are unchanged.
 */
@Configuration(proxyBeanMethods = false)
class TracingConfiguration {

    @Bean
    SdkTracerProviderBuilderCustomizer recordOnlyWhenExported(SpanExporters exporters, SpanProcessors processors) {
        boolean received = !exporters.list().isEmpty()
                || processors.list().stream().anyMatch(processor -> !(processor instanceof BatchSpanProcessor));
        return builder -> {
            if (!received) {
                builder.setSampler(Sampler.alwaysOff());
            }
        };
    }
}
