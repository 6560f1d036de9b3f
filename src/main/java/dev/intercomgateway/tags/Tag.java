package dev.intercomgateway.tags;

import io.swagger.v3.oas.annotations.media.Schema;

public record Tag(@Schema(example = "7001") String id, @Schema(example = "vip") String name) {
}
