"""The Lua scripts of `core.inbox.redis_store`: each step of a row's life, atomic in Redis.

A script is the only way to make a step's reads and writes one atomic unit in Redis (a
MULTI/EXEC transaction cannot branch on what it reads), which the claim's compare-and-set and the
per-sender order need. Keys, under `P = <prefix>:inbox:<channel>`:

    P:key:<key>      the row's id while it lives; "0" once finished (kept for KEEP_FOR, so that
                     a redelivery of the same key is known)
    P:row:<id>       the row: key, sender, payload, received_at, claimed_until, attempts,
                     failures, outages, error, processed_at, outcome, sent
    P:open           ids not processed and not given up (score: the id, the arrival order)
    P:sender:<who>   the same, of one sender: the lowest goes first
    P:undelivered    ids processed whose outbox is not delivered yet
    P:given_up       ids given up (score: received_at), for the operator
    P:seq            the last id

Times are integer microseconds since the epoch, on the caller's clock (ARGV), never Redis's:
the clock that judges is the application's. A lease is free when `claimed_until` is empty or
past. Every script's ARGV[1] is P.
"""

from __future__ import annotations

# Shared by every script: the row's fields in one order, and the steps several scripts take.
COMMON = """
local P = ARGV[1]
local FIELDS = {'key', 'sender', 'received_at', 'claimed_until', 'failures', 'outages',
                'payload', 'outcome', 'sent', 'attempts', 'processed_at', 'error'}
local function rk(id) return P .. ':row:' .. id end
local function num(v) return tonumber(v) or 0 end
local function read(id) return redis.call('HMGET', rk(id), unpack(FIELDS)) end
local function reply(id, f) return {id, unpack(f)} end
local function free(claimed, now)
  return claimed == false or claimed == '' or tonumber(claimed) <= tonumber(now)
end
local function live(f, maxf, maxa)
  return num(f[5]) < tonumber(maxf) and num(f[10]) - num(f[5]) - num(f[6]) < tonumber(maxa)
end
local function leave_queues(id, sender)
  redis.call('ZREM', P .. ':open', id)
  if sender and sender ~= '' then redis.call('ZREM', P .. ':sender:' .. sender, id) end
end
local function give_up(id, f)
  leave_queues(id, f[2])
  redis.call('ZADD', P .. ':given_up', f[3], id)
end
-- A row nobody holds whose tries are spent is given up. Not a held one: its claim still runs
-- and may end in an outcome, a failure or an outage (which make the row live again).
local function spent(id, f, now, maxf, maxa)
  if live(f, maxf, maxa) or not free(f[4], now) then return false end
  give_up(id, f)
  return true
end
-- The sender's first message still to process, giving up the spent ones before it.
local function first_of(sender, now, maxf, maxa)
  local queue = P .. ':sender:' .. sender
  while true do
    local id = redis.call('ZRANGE', queue, 0, 0)[1]
    if not id then return nil end
    local f = read(id)
    if not f[1] then redis.call('ZREM', queue, id)
    elseif not spent(id, f, now, maxf, maxa) then return id end
  end
end
-- Gives up the spent open rows; returns the fields of the others.
local function sweep(now, maxf, maxa)
  local rest = {}
  for _, id in ipairs(redis.call('ZRANGE', P .. ':open', 0, -1)) do
    local f = read(id)
    if not f[1] then redis.call('ZREM', P .. ':open', id)
    elseif not spent(id, f, now, maxf, maxa) then rest[#rest + 1] = f end
  end
  return rest
end
-- A processed row is never given up (a worker that outlived its lease may finish one).
local function finish(id, key, keep)
  redis.call('DEL', rk(id))
  redis.call('ZREM', P .. ':undelivered', id)
  redis.call('ZREM', P .. ':given_up', id)
  redis.call('SET', P .. ':key:' .. key, '0', 'EX', keep)
end
local function next_of(sender, after, now)
  if sender == '' then return false end
  local found = redis.call('ZRANGEBYSCORE', P .. ':sender:' .. sender, '(' .. after, '+inf',
                           'LIMIT', 0, 1)[1]
  if not found then return false end
  local f = read(found)
  if not f[1] or not free(f[4], now) then return false end
  return reply(found, f)
end
"""

# ARGV: P, now, until (0: no claim), max failures, max abandoned, then key, payload, sender per
# row. Per row: {0, 0} a duplicate, {id, 1} stored and claimed, {id, 0} stored for later.
STORE = """
local now, claim = ARGV[2], tonumber(ARGV[3]) > 0
local out = {}
for i = 6, #ARGV, 3 do
  local key, payload, sender = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if redis.call('EXISTS', P .. ':key:' .. key) == 1 then
    out[#out + 1] = {0, 0}
  else
    local id = redis.call('INCR', P .. ':seq')
    redis.call('SET', P .. ':key:' .. key, id)
    local mine = claim
    if sender ~= '' then
      -- an earlier message of the sender still waits: it goes first, this one waits its turn
      if mine and first_of(sender, now, ARGV[4], ARGV[5]) then mine = false end
      redis.call('ZADD', P .. ':sender:' .. sender, id, id)
    end
    redis.call('HSET', rk(id), 'key', key, 'payload', payload, 'sender', sender,
               'received_at', now, 'attempts', mine and 1 or 0, 'failures', 0, 'outages', 0,
               'claimed_until', mine and ARGV[3] or '', 'sent', 0)
    redis.call('ZADD', P .. ':open', id, id)
    out[#out + 1] = {id, mine and 1 or 0}
  end
end
return out
"""

# ARGV: P, key, now, until, max failures, max abandoned.
# nil: the key is not in this store; {0}: known, not to be taken now; else the row, claimed.
CLAIM = """
local id = redis.call('GET', P .. ':key:' .. ARGV[2])
if not id then return false end
if id == '0' then return {0} end
local f = read(id)
if not f[1] or (f[11] and f[11] ~= '') then return {0} end
if not free(f[4], ARGV[3]) or spent(id, f, ARGV[3], ARGV[5], ARGV[6]) then return {0} end
if f[2] ~= '' then
  local first = first_of(f[2], ARGV[3], ARGV[5], ARGV[6])
  if first and first ~= id then return {0} end
end
f[10] = redis.call('HINCRBY', rk(id), 'attempts', 1)
redis.call('HSET', rk(id), 'claimed_until', ARGV[4])
f[4] = ARGV[4]
return reply(id, f)
"""

# ARGV: P, id, the lease held, the new lease. 1 renewed, 0 no longer this worker's.
RENEW = """
if redis.call('HGET', rk(ARGV[2]), 'claimed_until') ~= ARGV[3] then return 0 end
redis.call('HSET', rk(ARGV[2]), 'claimed_until', ARGV[4])
return 1
"""

# ARGV: P, id, now, outcome ('' : none, the row ends), keep, sender whose next to return ('').
COMPLETE = """
local id = ARGV[2]
local f = read(id)
if f[1] then
  leave_queues(id, f[2])
  if ARGV[4] == '' then
    finish(id, f[1], ARGV[5])
  else
    redis.call('HSET', rk(id), 'processed_at', ARGV[3], 'outcome', ARGV[4], 'sent', 0,
               'error', '')
    redis.call('HDEL', rk(id), 'payload')
    redis.call('ZREM', P .. ':given_up', id)  -- processed: see `finish`
    redis.call('ZADD', P .. ':undelivered', id, id)
  end
end
return next_of(ARGV[6], id, ARGV[3])
"""

# ARGV: P, id, sent.
MARK_SENT = """
if redis.call('EXISTS', rk(ARGV[2])) == 1 then redis.call('HSET', rk(ARGV[2]), 'sent', ARGV[3]) end
return 0
"""

# ARGV: P, id, now, keep, sender whose next to return ('').
DELIVERED = """
local f = read(ARGV[2])
if f[1] then finish(ARGV[2], f[1], ARGV[4]) end
return next_of(ARGV[5], ARGV[2], ARGV[3])
"""

# ARGV: P, id, until.
RELEASE = """
if redis.call('EXISTS', rk(ARGV[2])) == 1 then
  redis.call('HSET', rk(ARGV[2]), 'claimed_until', ARGV[3])
end
return 0
"""

# ARGV: P, id, counter ('failures' or 'outages'), error, until, max failures, max abandoned.
# The counter after this one; a row that reached its limit is given up.
COUNT = """
if redis.call('EXISTS', rk(ARGV[2])) == 0 then return 0 end
local n = redis.call('HINCRBY', rk(ARGV[2]), ARGV[3], 1)
redis.call('HSET', rk(ARGV[2]), 'error', ARGV[4], 'claimed_until', ARGV[5])
local f = read(ARGV[2])
if not live(f, ARGV[6], ARGV[7]) then give_up(ARGV[2], f) end
return n
"""

# ARGV: P, sender, after id, now.
NEXT_WAITING = """
return next_of(ARGV[2], ARGV[3], ARGV[4])
"""

# ARGV: P, now, received before, limit, max failures, max abandoned.
# {rows to process nobody holds, processed rows nobody delivers}.
ORPHANS = """
local now, before, limit = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local pending, late = {}, {}
for _, id in ipairs(redis.call('ZRANGE', P .. ':open', 0, -1)) do
  if #pending >= limit then break end
  local f = read(id)
  if not f[1] then
    redis.call('ZREM', P .. ':open', id)
  elseif free(f[4], now) and not spent(id, f, now, ARGV[5], ARGV[6])
         and (f[4] ~= '' or tonumber(f[3]) < before) then
    pending[#pending + 1] = reply(id, f)
  end
end
for _, id in ipairs(redis.call('ZRANGE', P .. ':undelivered', 0, limit - 1)) do
  local f = read(id)
  if not f[1] then
    redis.call('ZREM', P .. ':undelivered', id)
  elseif free(f[4], now) then
    late[#late + 1] = reply(id, f)
  end
end
return {pending, late}
"""

# ARGV: P, id, now, until. The row, held for delivery; nil if delivered or held.
CLAIM_DELIVERY = """
local f = read(ARGV[2])
if not f[1] or not f[11] or f[11] == '' or not free(f[4], ARGV[3]) then return false end
redis.call('HSET', rk(ARGV[2]), 'claimed_until', ARGV[4])
f[4] = ARGV[4]
return reply(ARGV[2], f)
"""

# ARGV: P, now, max failures, max abandoned. {waiting, waiting out an outage, given up,
# undelivered}; spent rows are counted given up, as the table counts them, sweep or not.
COUNTS = """
local waiting, outage = 0, 0
for _, f in ipairs(sweep(ARGV[2], ARGV[3], ARGV[4])) do
  if num(f[6]) > 0 then outage = outage + 1 else waiting = waiting + 1 end
end
return {waiting, outage, redis.call('ZCARD', P .. ':given_up'),
        redis.call('ZCARD', P .. ':undelivered')}
"""

# ARGV: P, now, max failures, max abandoned. The given-up rows (spent ones too), oldest first.
GIVEN_UP = """
sweep(ARGV[2], ARGV[3], ARGV[4])
local out = {}
for _, id in ipairs(redis.call('ZRANGE', P .. ':given_up', 0, -1)) do
  local f = read(id)
  if f[1] then out[#out + 1] = reply(id, f) end
end
return out
"""

# ARGV: P, id. 1 when a given-up row got its tries back.
RETRY = """
local id = ARGV[2]
if redis.call('ZREM', P .. ':given_up', id) == 0 then return 0 end
local f = read(id)
if not f[1] then return 0 end
redis.call('HSET', rk(id), 'attempts', 0, 'failures', 0, 'outages', 0, 'claimed_until', '')
redis.call('ZADD', P .. ':open', id, id)
if f[2] ~= '' then redis.call('ZADD', P .. ':sender:' .. f[2], id, id) end
return 1
"""

# ARGV: P, received before, now. Given-up rows older than the cut-off and unheld go, and
# processed ones whose outbox is still undelivered (as the table drops them).
PURGE = """
local gone = 0
for _, id in ipairs(redis.call('ZRANGE', P .. ':undelivered', 0, -1)) do
  local f = redis.call('HMGET', rk(id), 'key', 'received_at')
  if not f[1] or tonumber(f[2]) < tonumber(ARGV[2]) then
    if f[1] then
      redis.call('DEL', P .. ':key:' .. f[1], rk(id))
      gone = gone + 1
    end
    redis.call('ZREM', P .. ':undelivered', id)
  end
end
for _, id in ipairs(redis.call('ZRANGEBYSCORE', P .. ':given_up', '-inf', '(' .. ARGV[2])) do
  local f = read(id)
  if not f[1] or free(f[4], ARGV[3]) then
    if f[1] then redis.call('DEL', P .. ':key:' .. f[1]) end
    redis.call('DEL', rk(id))
    redis.call('ZREM', P .. ':given_up', id)
    gone = gone + 1
  end
end
return gone
"""

# ARGV: P, sender, keep. Every row of the sender goes (their key stays known, as "0").
ERASE = """
local sender, gone = ARGV[2], 0
local ids = redis.call('ZRANGE', P .. ':sender:' .. sender, 0, -1)
for _, set in ipairs({'undelivered', 'given_up'}) do
  for _, id in ipairs(redis.call('ZRANGE', P .. ':' .. set, 0, -1)) do
    if redis.call('HGET', rk(id), 'sender') == sender then ids[#ids + 1] = id end
  end
end
for _, id in ipairs(ids) do
  local key = redis.call('HGET', rk(id), 'key')
  if key then
    finish(id, key, ARGV[3])
    gone = gone + 1
  end
  redis.call('ZREM', P .. ':open', id)
  redis.call('ZREM', P .. ':given_up', id)
end
redis.call('DEL', P .. ':sender:' .. sender)
return gone
"""
