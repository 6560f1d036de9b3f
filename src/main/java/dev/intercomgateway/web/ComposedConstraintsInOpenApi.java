package dev.intercomgateway.web;

import java.lang.annotation.Annotation;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import jakarta.validation.constraints.Pattern;

import org.springdoc.core.customizers.ParameterCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.MergedAnnotations;

/**
 * Shows the pattern of a composed constraint ({@link IntercomId}, {@link ConversationId},
 * {@link AdminId}) in the API description, as springdoc shows a {@code @Pattern} written directly:
 * springdoc reads only the annotations on the element itself.
 */
class ComposedConstraintsInOpenApi implements PropertyCustomizer, ParameterCustomizer {

    @Override
    @SuppressWarnings("rawtypes")
    public Schema customize(Schema property, AnnotatedType type) {
        if (type.getCtxAnnotations() != null && property != null) {
            for (Annotation annotation : type.getCtxAnnotations()) {
                apply(property, annotation);
            }
        }
        return property;
    }

    @Override
    public Parameter customize(Parameter parameter, MethodParameter methodParameter) {
        if (parameter != null && parameter.getSchema() != null) {
            for (Annotation annotation : methodParameter.getParameterAnnotations()) {
                apply(parameter.getSchema(), annotation);
            }
        }
        return parameter;
    }

    @SuppressWarnings("rawtypes")
    private static void apply(Schema schema, Annotation annotation) {
        if (annotation instanceof Pattern) {
            return;
        }
        var pattern = MergedAnnotations.from(annotation.annotationType()).get(Pattern.class);
        if (pattern.isPresent() && schema.getPattern() == null) {
            schema.setPattern(pattern.getString("regexp"));
        }
    }
}
