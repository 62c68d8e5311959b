# syntax=docker/dockerfile:1
# Build: docker build -t verdict .      Run: docker run -p 8080:8080 verdict
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
# libgomp1: OpenMP runtime the bundled LightGBM native library links against; curl: the HEALTHCHECK.
RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 curl \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /app verdict \
 && mkdir -p /app/outcomes && chown verdict /app/outcomes
WORKDIR /app
COPY --from=build /src/target/verdict.jar /app/verdict.jar
COPY conf /app/conf
COPY models /app/models
USER verdict
# Heap bounded by the container limit, so memory stays flat under overload (see bench/results/overload-*.md)
# MALLOC_ARENA_MAX: native boosters are opened on many threads (workers, reloads); glibc's per-thread arenas
# otherwise hold hundreds of MB of freed native memory after model reloads (bench/reload-cycles.sh).
ENV HOST=0.0.0.0 PORT=8080 OPT_OUT_TRACKING=true MALLOC_ARENA_MAX=2 JAVA_TOOL_OPTIONS="-Doffline=true -XX:MaxRAMPercentage=60"
EXPOSE 8080 8081
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD curl -fsS "http://127.0.0.1:${PORT}/health/ready" >/dev/null || exit 1
ENTRYPOINT ["java", "-jar", "/app/verdict.jar"]
CMD ["serve"]
