package dev.intercomgateway.sandbox;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Marks every answer of a gateway running on the sandbox, errors included: an internal app that
 * reaches a sandbox by mistake can tell that what it wrote is demo data, forgotten on restart.
 */
public class SandboxModeHeaderFilter extends OncePerRequestFilter {

    public static final String HEADER = "Intercom-Gateway-Mode";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader(HEADER, "sandbox");
        chain.doFilter(request, response);
    }
}
