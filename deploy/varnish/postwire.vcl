vcl 4.1;

# Varnish in front of Postwire: nothing but the backend. Everything else is Varnish's built-in VCL,
# which is already safe for this service because the service's headers decide:
#  - a request with Authorization (or a Cookie) is passed, never looked up or stored;
#  - a response with no-store, no-cache or private, or with Set-Cookie, is not stored: tokens,
#    accounts, drafts, writes and every error say no-store;
#  - what is stored lives for s-maxage (the TTL) and is served stale for stale-while-revalidate
#    (Varnish's grace) while it is fetched again in the background, also when that fetch fails
#    because the service is down; Varnish does not implement stale-if-error beyond that grace;
#  - concurrent misses of one URL wait for one backend fetch (request coalescing).
# No purge is needed: a change shows through within s-maxage + stale-while-revalidate.
# scripts/cache-proof.sh replaces the port below with the jar's.

backend postwire {
    .host = "127.0.0.1";
    .port = "8080";
}
