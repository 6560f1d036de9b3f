package dev.intercomgateway.admins;

import java.util.List;

public record AdminList(List<Admin> data) {
}
