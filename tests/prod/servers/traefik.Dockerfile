# Traefik built by build.sh from its Go module: one static binary, run as nobody (it listens
# on ports above 1024, so it needs no capability).
FROM scratch
COPY traefik /traefik
USER 65534:65534
ENTRYPOINT ["/traefik"]
