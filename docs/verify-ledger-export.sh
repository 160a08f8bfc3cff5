#!/usr/bin/env bash
# Verifies a Custody ledger export (`custody log export`) with nothing but openssl and python3's standard
# library: no Custody code. Usage: verify-ledger-export.sh EXPORT_DIR [TRUSTED_KEYS_FILE]
# Pass the workstation's and users' verifier keys obtained out of band as TRUSTED_KEYS_FILE; by default
# the export's own keys.txt is used, which only proves the export is internally consistent.
set -euo pipefail
dir=$1
keys=${2:-$dir/keys.txt}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Writes the PEM public key of verifier key NAME (from the keys file) to FILE.
pem_of() {
  python3 - "$keys" "$1" "$2" <<'PY'
import base64, sys
keys, name, out = sys.argv[1:]
for line in open(keys):
    parts = line.strip().split("+", 2)
    if len(parts) == 3 and parts[0] == name:
        raw = base64.b64decode(parts[2])
        assert raw[0] == 1 and len(raw) == 33, "not an Ed25519 verifier key"
        der = bytes.fromhex("302a300506032b6570032100") + raw[1:]
        open(out, "w").write("-----BEGIN PUBLIC KEY-----\n" + base64.b64encode(der).decode() + "\n-----END PUBLIC KEY-----\n")
        break
else:
    sys.exit(f"no verifier key named {name}")
PY
}

# 1. The checkpoint (a C2SP signed note): the text before the blank line, signed by the key named like
#    the log (its first line). The signature line is "— <name> base64(4-byte key id || signature)".
origin=$(head -1 "$dir/checkpoint")
python3 - "$dir/checkpoint" "$origin" "$tmp" <<'PY'
import base64, sys
note, origin, tmp = sys.argv[1:]
text, sigs = open(note, encoding="utf-8").read().split("\n\n", 1)
open(f"{tmp}/body", "w", encoding="utf-8").write(text + "\n")
for line in sigs.splitlines():
    dash, name, b64 = line.split(" ")
    if name == origin:
        open(f"{tmp}/sig", "wb").write(base64.b64decode(b64)[4:])
PY
pem_of "$origin" "$tmp/workstation.pem"
openssl pkeyutl -verify -pubin -inkey "$tmp/workstation.pem" -rawin -in "$tmp/body" -sigfile "$tmp/sig" >/dev/null
echo "checkpoint: signed by $origin"

# 2. Every entry: canonical JSON signed with the key it names; the signature covers the line without its
#    top-level "sig" member (the last occurrence of that member in the line).
n=0
while IFS= read -r line; do
  key=$(python3 - "$tmp" "$line" <<'PY'
import base64, json, sys
tmp, line = sys.argv[1:]
entry = json.loads(line)
i = line.rindex('"sig":"')
j = line.index('",', i) + 2
open(f"{tmp}/msg", "w", encoding="utf-8").write(line[:i] + line[j:])
open(f"{tmp}/esig", "wb").write(base64.b64decode(entry["sig"]))
assert entry["key"] == f'{entry["origin"]}/users/{entry["actorName"]}', "key is not the actor's"
print(entry["key"])
PY
)
  pem_of "$key" "$tmp/user.pem"
  openssl pkeyutl -verify -pubin -inkey "$tmp/user.pem" -rawin -in "$tmp/msg" -sigfile "$tmp/esig" >/dev/null ||
    { echo "entry $n: the signature does not verify" >&2; exit 1; }
  n=$((n + 1))
done < "$dir/entries.jsonl"
echo "entries: all $n signatures verify"

# 3. The chain of "prev" hashes and the RFC 6962 tree over the lines, against the signed root.
python3 - "$dir" <<'PY'
import base64, hashlib, json, sys
d = sys.argv[1]
leaves = open(f"{d}/entries.jsonl", "rb").read().split(b"\n")[:-1]
h = lambda b: hashlib.sha256(b).digest()
prev = "0" * 64
for i, leaf in enumerate(leaves):
    e = json.loads(leaf)
    if e["seq"] != i or e["prev"] != prev:
        sys.exit(f"entry {i}: breaks the chain (deleted, inserted or reordered entries)")
    prev = h(b"\0" + leaf).hex()
def mth(hs):
    if len(hs) == 1:
        return hs[0]
    k = 1
    while k * 2 < len(hs):
        k *= 2
    return h(b"\1" + mth(hs[:k]) + mth(hs[k:]))
root = mth([h(b"\0" + l) for l in leaves])
size, signed_root = open(f"{d}/checkpoint", encoding="utf-8").read().split("\n")[1:3]
if int(size) != len(leaves):
    sys.exit("the checkpoint covers a different number of entries")
if base64.b64decode(signed_root) != root:
    sys.exit("the entries do not make the root the checkpoint signs")
print(f"tree: {len(leaves)} entries make the signed root")
PY
echo "OK"
