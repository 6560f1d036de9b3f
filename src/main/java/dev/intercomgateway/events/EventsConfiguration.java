package dev.intercomgateway.events;

import java.time.Clock;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import dev.intercomgateway.store.SharedStore;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventLogProperties.class)
public class EventsConfiguration {

    /** A Redis Stream when the shared store is Redis (every replica then sees every event), else this replica's memory. */
    @Bean
    EventLog eventLog(EventLogProperties properties, SharedStore store, ObjectProvider<StringRedisTemplate> redis) {
        if (store == SharedStore.REDIS) {
            return new RedisEventLog(redis.getObject(), properties.retention(), properties.maxLength());
        }
        return new MemoryEventLog(Clock.systemUTC(), properties.retention(), properties.maxLength(), properties.maxMemory().toBytes());
    }

    @Bean(destroyMethod = "close")
    EventStream eventStream(EventLog eventLog, EventLogProperties properties, MeterRegistry meters) {
        EventStream stream = new EventStream(eventLog, properties);
        stream.bindTo(meters);
        Gauge.builder("gateway.events.log.length", eventLog, EventsConfiguration::lengthOrNaN)
                .description("Events retained in the log").register(meters);
        Gauge.builder("gateway.events.log.age", eventLog, EventsConfiguration::ageOrNaN).baseUnit("seconds")
                .description("Age of the oldest event retained").register(meters);
        return stream;
    }

    @Bean
    EventLogHealthIndicator eventLogHealthIndicator(EventLog eventLog) {
        return new EventLogHealthIndicator(eventLog, eventLog instanceof RedisEventLog ? "redis" : "memory", Clock.systemUTC());
    }

    private static double lengthOrNaN(EventLog eventLog) {
        try {
            return eventLog.window().length();
        } catch (EventLogUnavailableException unavailable) {
            return Double.NaN;
        }
    }

    private static double ageOrNaN(EventLog eventLog) {
        try {
            LogId oldest = eventLog.window().oldest();
            return oldest == null ? 0 : Math.max(0, (System.currentTimeMillis() - oldest.millis()) / 1000.0);
        } catch (EventLogUnavailableException unavailable) {
            return Double.NaN;
        }
    }
}
