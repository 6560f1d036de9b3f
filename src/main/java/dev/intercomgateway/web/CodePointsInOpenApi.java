package dev.intercomgateway.web;

import java.lang.annotation.Annotation;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;

import org.springdoc.core.customizers.ParameterCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.core.MethodParameter;

/**
 * Shows {@link CodePoints} in the API description as {@code minLength}/{@code maxLength}, as springdoc
 * shows {@code @Size}: JSON Schema counts those in characters too.
 */
class CodePointsInOpenApi implements PropertyCustomizer, ParameterCustomizer {

    @Override
    @SuppressWarnings("rawtypes")
    public Schema customize(Schema property, AnnotatedType type) {
        if (type.getCtxAnnotations() != null) {
            for (Annotation annotation : type.getCtxAnnotations()) {
                if (annotation instanceof CodePoints limits) {
                    apply(property, limits);
                }
            }
        }
        return property;
    }

    @Override
    public Parameter customize(Parameter parameter, MethodParameter methodParameter) {
        CodePoints limits = methodParameter.getParameterAnnotation(CodePoints.class);
        if (parameter != null && limits != null && parameter.getSchema() != null) {
            apply(parameter.getSchema(), limits);
        }
        return parameter;
    }

    @SuppressWarnings("rawtypes")
    private static void apply(Schema schema, CodePoints limits) {
        if (limits.min() > 0) {
            schema.setMinLength(limits.min());
        }
        schema.setMaxLength(limits.max());
    }
}
