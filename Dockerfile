# syntax=docker/dockerfile:1
# Build: docker build -t intercom-gateway .    Run: docker run -p 8080:8080 -p 8081:8081 intercom-gateway

# ---- build stage: the Maven wrapper on a pinned JDK 25 --------------------------------------
FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
WORKDIR /workspace
# Dependencies first: this layer is rebuilt only when the pom or the wrapper changes.
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests
# Spring Boot's layered extraction: dependencies change rarely, the application often. No launcher:
# the application jar and its lib/ load on the JVM's own class path, which the AOT cache can hold
# (classes loaded by Boot's launcher cannot be cached; with it the cache saved far less).
RUN java -Djarmode=tools -jar target/intercom-gateway.jar extract --layers --destination target/extracted

# ---- run stage: a pinned JRE 25, non-root ----------------------------------------------------
FROM eclipse-temurin:25.0.3_9-jre-noble
RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app
WORKDIR /app
COPY --from=build /workspace/target/extracted/dependencies/ ./
COPY --from=build /workspace/target/extracted/spring-boot-loader/ ./
COPY --from=build /workspace/target/extracted/snapshot-dependencies/ ./
COPY --from=build /workspace/target/extracted/application/ ./
# Container-aware memory: heap at most half the container's limit (metaspace, code cache and buffers
# need the rest: with 75% the chart's 512Mi limit left too little); the serial collector, the JVM's
# own choice for containers this size, made explicit; die on OOM so the orchestrator restarts.
# Netty loads native libraries: grant native access so JDK 25 does not warn at startup (JEP 472).
# RSS under load with the chart's limit: docs/benchmarks.md.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=25 -XX:InitialRAMPercentage=12 -XX:+UseSerialGC -XX:+ExitOnOutOfMemoryError --enable-native-access=ALL-UNNAMED"
# JDK 25 AOT cache from a training run that starts the context and exits: startup in about two
# thirds of the time (bench/startup.sh; figures in docs/deploy.md).
RUN java -XX:AOTCacheOutput=app.aot -Dspring.context.exit=onRefresh -jar intercom-gateway.jar
USER 10001:10001
# 8080: the API; 8081: Actuator (health probes, Prometheus).
EXPOSE 8080 8081
ENTRYPOINT ["java", "-XX:AOTCache=app.aot", "-jar", "intercom-gateway.jar"]
