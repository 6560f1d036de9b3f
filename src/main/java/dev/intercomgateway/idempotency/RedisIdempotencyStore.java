package dev.intercomgateway.idempotency;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Idempotency outcomes in Redis, so that a repeat reaching another replica is answered the same.
 * A key is claimed for a short lease, renewed while the request runs, so that a replica that dies
 * mid-request frees its keys within a lease; the outcome is then kept for the ttl. A duplicate that
 * finds the key in progress polls until the first request completes or releases it.
 *
 * <p>Every change is one Lua script, so it is atomic: a claim carries a random owner token, and
 * completing, releasing or renewing it does nothing unless the key still holds that token (after a
 * lapsed lease, a late request neither overwrites nor frees the claim of the request that took
 * over). Each caller's outcomes are counted against its quota in three keys of its own (sizes by
 * key, expiry times, the total; JWT and anonymous callers share one set, see {@link QuotaAccounts}), which like every key here carry a TTL; what is past its ttl is
 * taken off the count on the caller's next claim.
 *
 * <p>When Redis cannot be reached or refuses a write (an OOM error under {@code noeviction}) the
 * store fails closed: keyed writes are refused (503) instead of being remembered in one replica's
 * memory, where a repeat reaching another replica would run again.
 */
public class RedisIdempotencyStore implements IdempotencyStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisIdempotencyStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL = Duration.ofMillis(50);
    static final String PREFIX = "intercom-gateway:idempotency:";
    static final String USAGE_PREFIX = "intercom-gateway:idempotency-usage:";

    /** KEYS: entry, sizes (hash key -> bytes), expiries (zset key -> ms), total. */
    private static final String ACCOUNTING = """
            local entry, sizes, expiries, total = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
            local clock = redis.call('time')
            local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
            local function purge()
              for _, member in ipairs(redis.call('zrangebyscore', expiries, '-inf', now)) do
                local size = redis.call('hget', sizes, member)
                if size then redis.call('decrby', total, size); redis.call('hdel', sizes, member) end
                redis.call('zrem', expiries, member)
              end
            end
            local function unaccount(member)
              local size = redis.call('hget', sizes, member)
              if size then redis.call('decrby', total, size); redis.call('hdel', sizes, member) end
              redis.call('zrem', expiries, member)
            end
            local function account(member, size, ttl)
              unaccount(member)
              redis.call('hset', sizes, member, size)
              redis.call('incrby', total, size)
              redis.call('zadd', expiries, now + ttl, member)
              redis.call('pexpire', sizes, ttl); redis.call('pexpire', expiries, ttl); redis.call('pexpire', total, ttl)
            end
            local function used() return tonumber(redis.call('get', total) or '0') end
            local function owns(token)
              local current = redis.call('get', entry)
              if not current then return false end
              local ok, claim = pcall(cjson.decode, current)
              return ok and type(claim) == 'table' and claim.owner == token, claim
            end
            """;

    /**
     * ARGV: claim json, lease ms, quota, overhead, ttl ms, member. Returns {owned|taken|full, existing
     * entry or ms until room, the existing entry's ms to live}. A taken key is answered before
     * anything is written, so that a repeat is told about its key even while Redis refuses writes.
     */
    private static final RedisScript<List> CLAIM = RedisScript.of(ACCOUNTING + """
            local existing = redis.call('get', entry)
            if existing then return {'taken', existing, tostring(redis.call('pttl', entry))} end
            purge()
            local overhead, ttl = tonumber(ARGV[4]), tonumber(ARGV[5])
            if used() + overhead > tonumber(ARGV[3]) then
              local oldest = redis.call('zrange', expiries, 0, 0, 'withscores')
              return {'full', tostring(oldest[2] and math.max(1000, tonumber(oldest[2]) - now) or 1000)}
            end
            redis.call('set', entry, ARGV[1], 'px', ARGV[2])
            account(ARGV[6], overhead, ttl)
            return {'owned', ''}
            """, List.class);

    /** ARGV: token, response json, not-kept response json, ttl ms, quota, overhead, member. Returns kept, not_kept or lost. */
    private static final RedisScript<String> COMPLETE = RedisScript.of(ACCOUNTING + """
            local owned, claim = owns(ARGV[1])
            if not owned then return 'lost' end
            purge()
            local ttl, overhead = tonumber(ARGV[4]), tonumber(ARGV[6])
            local response, result = ARGV[2], 'kept'
            local mine = tonumber(redis.call('hget', sizes, ARGV[7]) or '0')
            if used() - mine + overhead + #response > tonumber(ARGV[5]) then response, result = ARGV[3], 'not_kept' end
            redis.call('set', entry, '{"fingerprint":' .. cjson.encode(claim.fingerprint) .. ',"owner":null,"response":' .. response .. '}',
                'px', ttl)
            account(ARGV[7], overhead + #response, ttl)
            return result
            """, String.class);

    /** ARGV: token, member. Returns 1 when freed, 0 when the key is not held by this token. */
    private static final RedisScript<Long> RELEASE = RedisScript.of(ACCOUNTING + """
            if not owns(ARGV[1]) then return 0 end
            redis.call('del', entry)
            unaccount(ARGV[2])
            return 1
            """, Long.class);

    /**
     * Extends the lease only while the key still holds this request's claim, and never shortens a
     * claim kept for the ttl (a renewal already under way when the outcome was refused).
     */
    private static final RedisScript<Long> RENEW = RedisScript.of("""
            if redis.call('get', KEYS[1]) ~= ARGV[1] or redis.call('pttl', KEYS[1]) > tonumber(ARGV[2]) then return 0 end
            return redis.call('pexpire', KEYS[1], ARGV[2])
            """, Long.class);

    /**
     * Keeps a performed request's claim for the ttl when its outcome could not be written: only
     * extends the claim's expiry (PEXPIRE needs no memory, so Redis runs it under {@code noeviction}
     * OOM, where the SET of an outcome is refused) while the key still holds this claim. ARGV: token,
     * ms. Returns 1 when kept.
     */
    private static final RedisScript<Long> KEEP_PERFORMED = RedisScript.of("""
            local current = redis.call('get', KEYS[1])
            if not current then return 0 end
            local ok, claim = pcall(cjson.decode, current)
            if not (ok and type(claim) == 'table' and claim.owner == ARGV[1]) then return 0 end
            return redis.call('pexpire', KEYS[1], ARGV[2])
            """, Long.class);

    /** What Redis holds per key: the request's fingerprint, the claim's owner and, once done, the response. */
    record Stored(String fingerprint, String owner, StoredResponse response) {
    }

    private final StringRedisTemplate redis;
    private final Duration ttl;
    private final Duration lease;
    private final Duration maxWait;
    private final long callerQuota;
    private final Executor pollers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Entry keys of requests performed here whose outcome Redis refused (and whose claim may lapse): never run again here. */
    private final Map<String, Performed> performedNotKept = new ConcurrentHashMap<>();

    /** A claim held by a request of this replica: its renewal, and what a repeat is compared with. */
    private record Running(ScheduledFuture<?> renewal, String fingerprint) {
    }

    /** A request performed here whose outcome could not be written, remembered until {@code until} (System.nanoTime). */
    private record Performed(String fingerprint, long until) {
    }

    /** At most this many performed-not-kept keys are remembered in this replica; the claim kept in Redis is the main record. */
    static final int MAX_PERFORMED_NOT_KEPT = 10_000;

    public RedisIdempotencyStore(StringRedisTemplate redis, Duration ttl, Duration lease, Duration maxWait, long callerQuota) {
        this.redis = redis;
        this.ttl = ttl;
        this.lease = lease;
        this.maxWait = maxWait;
        this.callerQuota = callerQuota;
    }

    static String entryKey(String caller, String key) {
        return PREFIX + caller + ":" + key;
    }

    /** The entry, and the usage keys of the caller's quota account ({@link QuotaAccounts}: JWT and anonymous callers share one). */
    private static List<String> keys(String caller, String key) {
        String usage = USAGE_PREFIX + QuotaAccounts.of(caller);
        return List.of(entryKey(caller, key), usage + ":sizes", usage + ":expiries", usage + ":bytes");
    }

    /** An entry's name in its account's usage keys: unique among the callers that share the account. */
    private static String member(String caller, String key) {
        return caller + ":" + key;
    }

    @Override
    public Claimed claim(String caller, String key, String fingerprint) {
        Performed performed = performedNotKept.get(entryKey(caller, key));
        if (performed != null && performed.until() - System.nanoTime() > 0) {
            return Claimed.taken(new Entry(performed.fingerprint(), CompletableFuture.completedFuture(NOT_RECORDED)));
        }
        List<?> result;
        String token = UUID.randomUUID().toString();
        String claim = JSON.writeValueAsString(new Stored(fingerprint, token, null));
        try {
            result = redis.execute(CLAIM, keys(caller, key), claim, String.valueOf(lease.toMillis()), String.valueOf(callerQuota),
                    String.valueOf(LocalIdempotencyStore.ENTRY_OVERHEAD_BYTES), String.valueOf(ttl.toMillis()), member(caller, key));
        } catch (RuntimeException redisDown) {
            throw unavailable(redisDown);
        }
        String outcome = String.valueOf(result.get(0));
        String detail = String.valueOf(result.get(1));
        switch (outcome) {
            case "owned" -> {
                renewWhileRunning(token, entryKey(caller, key), claim, fingerprint);
                return Claimed.owned(new Claim(caller, key, token));
            }
            case "full" -> throw new IdempotencyQuotaExceededException("This caller's stored Idempotency-Key outcomes fill its quota "
                    + "(gateway.idempotency.caller-quota); keyed writes are refused until the oldest expire", false,
                    Duration.ofMillis(Long.parseLong(detail)));
            default -> {
                Stored existing = parse(detail);
                StoredResponse done = outcomeOf(existing, Long.parseLong(String.valueOf(result.get(2))));
                return Claimed.taken(new Entry(existing.fingerprint(), done != null
                        ? CompletableFuture.completedFuture(done)
                        : CompletableFuture.supplyAsync(() -> awaitCompletion(entryKey(caller, key)), pollers)));
            }
        }
    }

    private static IdempotencyStoreUnavailableException unavailable(RuntimeException cause) {
        return new IdempotencyStoreUnavailableException("The shared store of Idempotency-Keys (Redis) is unreachable or refuses writes", cause);
    }

    /** What a repeat is answered for a key's entry, or null while the first request still runs. */
    private StoredResponse outcomeOf(Stored stored, long millisToLive) {
        if (stored.response() != null) {
            return stored.response();
        }
        // A claim renews its lease to at most one lease; one kept past it was performed and its outcome refused (keepPerformed).
        return millisToLive > lease.toMillis() ? NOT_RECORDED : null;
    }

    private void renewWhileRunning(String token, String entryKey, String claim, String fingerprint) {
        long every = Math.max(100, lease.toMillis() / 3);
        running.put(token, new Running(renewals.scheduleAtFixedRate(() -> renew(entryKey, claim), every, every, TimeUnit.MILLISECONDS),
                fingerprint));
    }

    /** One renewal of a running request's lease: true when extended. */
    boolean renew(String entryKey, String claim) {
        try {
            return Long.valueOf(1).equals(redis.execute(RENEW, List.of(entryKey), claim, String.valueOf(lease.toMillis())));
        } catch (RuntimeException redisDown) {
            return false;                                                 // the lease runs out on its own; the outcome is written when the request ends
        }
    }

    private Running stopRenewing(Claim claim) {
        Running held = running.remove(claim.token());
        if (held != null) {
            held.renewal().cancel(false);
        }
        return held;
    }

    @Override
    public boolean complete(Claim claim, StoredResponse response) {
        Running held = stopRenewing(claim);
        try {
            String result = redis.execute(COMPLETE, keys(claim.caller(), claim.key()), claim.token(), JSON.writeValueAsString(response),
                    JSON.writeValueAsString(StoredResponse.notKept(response.status(), StoredResponse.NotKept.OVER_QUOTA)),
                    String.valueOf(ttl.toMillis()), String.valueOf(callerQuota), String.valueOf(LocalIdempotencyStore.ENTRY_OVERHEAD_BYTES),
                    member(claim.caller(), claim.key()));
            if ("lost".equals(result)) {
                log.warn("An idempotent request ended after its claim had lapsed and been taken over; its outcome ({}) was not stored",
                        response.status());
                return false;
            }
            return true;
        } catch (RuntimeException refused) {
            keepPerformed(claim, held, response.status(), refused);
            return false;
        }
    }

    /**
     * The request was performed but Redis refused its outcome (an OOM error under noeviction, or
     * Redis gone): its claim must not lapse, or a repeat after the lease would run it again. The claim
     * is kept for the ttl, past its lease, which tells a repeat on any replica that it was performed;
     * and this replica remembers the key, should even that fail.
     */
    private void keepPerformed(Claim claim, Running held, int status, RuntimeException refused) {
        String entryKey = entryKey(claim.caller(), claim.key());
        if (held != null) {
            long now = System.nanoTime();
            if (performedNotKept.size() >= MAX_PERFORMED_NOT_KEPT) {
                performedNotKept.values().removeIf(performed -> performed.until() - now <= 0);
            }
            if (performedNotKept.size() < MAX_PERFORMED_NOT_KEPT) {
                performedNotKept.put(entryKey, new Performed(held.fingerprint(), now + ttl.toNanos()));
            }
        }
        boolean kept;
        try {
            kept = Long.valueOf(1).equals(redis.execute(KEEP_PERFORMED, List.of(entryKey), claim.token(),
                    String.valueOf(ttl.plus(lease).toMillis())));
        } catch (RuntimeException unreachable) {
            kept = false;
        }
        if (kept) {
            log.error("Redis refused the outcome ({}) of a performed idempotent request ({}); its claim is kept for the ttl, "
                    + "so a repeat gets 409 (performed, answer not kept) and is not performed again", status, refused.toString());
        } else {
            log.error("Redis refused the outcome ({}) of a performed idempotent request ({}) and its claim could not be kept; "
                    + "a repeat reaching this replica gets 409, one reaching another replica after the lease could run again",
                    status, refused.toString());
        }
    }

    @Override
    public boolean release(Claim claim) {
        stopRenewing(claim);
        try {
            return Long.valueOf(1).equals(redis.execute(RELEASE, keys(claim.caller(), claim.key()), claim.token(),
                    member(claim.caller(), claim.key())));
        } catch (RuntimeException redisDown) {
            log.warn("Could not release an idempotency key in Redis ({}); its lease frees it", redisDown.toString());
            return false;
        }
    }

    /** The StoredResponse a repeat gets when its first request was performed but Redis refused its outcome. */
    static final StoredResponse NOT_RECORDED = StoredResponse.notKept(0, StoredResponse.NotKept.STORE_REFUSED);

    private static Stored parse(String value) {
        return JSON.readValue(value, Stored.class);
    }

    /** Null when the first request released the key or its lease ran out: the caller then claims it anew. */
    private StoredResponse awaitCompletion(String entryKey) {
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (System.nanoTime() < deadline) {
            String value = redis.opsForValue().get(entryKey);
            if (value == null) {
                return null;
            }
            StoredResponse done = outcomeOf(parse(value), redis.getExpire(entryKey, TimeUnit.MILLISECONDS));
            if (done != null) {
                return done;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        throw new IllegalStateException("still in progress");
    }

    @Override
    public void close() {
        renewals.shutdownNow();
    }
}
