package dev.intercomgateway.teams;

import java.util.List;

public record TeamList(List<Team> data) {
}
