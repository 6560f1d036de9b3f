package dev.intercomgateway.tags;

import java.util.List;

public record TagList(List<Tag> data) {
}
