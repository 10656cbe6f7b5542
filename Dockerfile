# syntax=docker/dockerfile:1
#
# One image recipe for every BVRAI deployable.
#
#   docker build -t bvrai/platform .                                   # the one-process platform (default)
#   docker build --build-arg MODULE=command-side -t bvrai/command-side .
#   docker build --build-arg MODULE=query-side   -t bvrai/query-side .
#   docker build --build-arg MODULE=voice-saga   -t bvrai/voice-saga .
#
# MODULE  the Maven module to build and run (platform | command-side | query-side | voice-saga).
# JAR     optional: the jar file name under <MODULE>/target/ to run. By default the module's Spring Boot
#         executable jar: <MODULE>-<version>-exec.jar when it exists (the split services, whose plain jar is a
#         library the platform depends on), otherwise <MODULE>-<version>.jar (platform).
#
# Runtime settings are environment variables (DATABASE_URL, KEYCLOAK_ISSUER_URI / BVRAI_SECURITY_*, PORT,
# SPRING_PROFILES_ACTIVE, AXON_AXONSERVER_SERVERS, JAVA_TOOL_OPTIONS ...): see docker-compose.yml and infra/k8s/.

ARG MODULE=platform
ARG JAR=""

# ---------------------------------------------------------------------------------------------- build
FROM maven:3.9-eclipse-temurin-21 AS build
ARG MODULE
ARG JAR
WORKDIR /src

# The whole reactor (a .dockerignore keeping out .git, target/ and IDE files makes the context smaller). Any
# target/ directory that came along is removed so that the image never contains classes of a stale local build.
COPY . .
RUN find . -name target -type d -prune -exec rm -rf {} +

# -am builds the module and what it depends on; the cache mount keeps ~/.m2 between builds (BuildKit).
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -DskipTests -pl "${MODULE}" -am package

# Pick the executable jar and unpack it into Spring Boot layers (third-party dependencies change less often than
# the application): <layer>/lib/*.jar and application/app.jar whose manifest Class-Path names lib/ (CDS-friendly).
RUN set -eu; \
    cd "${MODULE}/target"; \
    if [ -n "${JAR}" ]; then jar="${JAR}"; \
    else jar="$(ls -1 *-exec.jar 2>/dev/null | head -n 1)"; \
         [ -n "${jar}" ] || jar="$(ls -1 *.jar | grep -v -e '-sources\.jar$' -e '-javadoc\.jar$' -e '-tests\.jar$' | head -n 1)"; \
    fi; \
    [ -f "${jar}" ] || { echo "no jar '${jar}' in ${MODULE}/target" >&2; ls -l >&2; exit 1; }; \
    echo "packaging ${MODULE}/target/${jar}"; \
    java -Djarmode=tools -jar "${jar}" extract --layers --application-filename app.jar --destination /app; \
    mkdir -p /app/dependencies /app/spring-boot-loader /app/snapshot-dependencies /app/application

# -------------------------------------------------------------------------------------------- runtime
FROM eclipse-temurin:21-jre
ARG MODULE
LABEL org.opencontainers.image.title="bvrai-${MODULE}" \
      org.opencontainers.image.description="BVRAI ${MODULE}"

# curl for the HEALTHCHECK (not every eclipse-temurin tag ships it); a dedicated non-root user.
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 bvrai \
 && useradd --system --uid 10001 --gid bvrai --home-dir /app --shell /usr/sbin/nologin bvrai

WORKDIR /app
COPY --from=build --chown=bvrai:bvrai /app/dependencies/ ./
COPY --from=build --chown=bvrai:bvrai /app/spring-boot-loader/ ./
COPY --from=build --chown=bvrai:bvrai /app/snapshot-dependencies/ ./
COPY --from=build --chown=bvrai:bvrai /app/application/ ./

ENV AXONIQ_UPDATE_CHECKER_DISABLED=true \
    PORT=8080 \
    BVRAI_MODULE=${MODULE} \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:+ExitOnOutOfMemoryError"

USER 10001:10001
EXPOSE 8080

# Readiness = database reachable, event processors running (see bvrai-defaults.yml). The first start runs the
# Flyway migrations, hence the start period.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=5 \
  CMD curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/actuator/health/readiness" || exit 1

ENTRYPOINT ["java", "-jar", "/app/app.jar"]
