package dev.intercomgateway.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import dev.intercomgateway.web.ProblemWriter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401 and 403 as problem responses, the 401 with a Bearer challenge. */
final class ProblemAuthenticationHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure) throws IOException {
        AuditLog.refused(request, 401);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"intercom-gateway\"");
        ProblemWriter.write(request, response, HttpStatus.UNAUTHORIZED,
                "Missing or invalid credentials: send Authorization: Bearer <API key or token>");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) throws IOException {
        AuditLog.refused(request, 403);
        ProblemWriter.write(request, response, HttpStatus.FORBIDDEN, "This caller lacks the scope this operation needs");
    }
}
