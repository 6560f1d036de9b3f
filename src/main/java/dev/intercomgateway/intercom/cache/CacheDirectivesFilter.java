package dev.intercomgateway.intercom.cache;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hands the read cache what the caller's request asks of it, for the request's duration: a fresh
 * read when it sends {@code Cache-Control: no-cache} (or {@code no-store}, {@code max-age=0}, or
 * HTTP/1.0's {@code Pragma: no-cache}); such a read also refreshes the entry.
 */
final class CacheDirectivesFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        CacheRequests.begin(freshRequested(request));
        try {
            chain.doFilter(request, response);
        } finally {
            CacheRequests.end();
        }
    }

    static boolean freshRequested(HttpServletRequest request) {
        String cacheControl = request.getHeader(HttpHeaders.CACHE_CONTROL);
        if (cacheControl != null) {
            String directives = cacheControl.toLowerCase(java.util.Locale.ROOT).replace(" ", "");
            for (String directive : directives.split(",")) {
                if (directive.equals("no-cache") || directive.equals("no-store") || directive.equals("max-age=0")) {
                    return true;
                }
            }
            return false;
        }
        String pragma = request.getHeader(HttpHeaders.PRAGMA);
        return pragma != null && pragma.toLowerCase(java.util.Locale.ROOT).contains("no-cache");
    }
}
