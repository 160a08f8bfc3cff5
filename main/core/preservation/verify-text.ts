// VERIFY.txt: how a recipient checks a preservation package with standard tools and no Custody. Plain text,
// the same for every package but for the case and report it names.

export function verifyText(facts: { caseId: string; externalIdentifier: string | null }): string {
  return `HOW TO VERIFY THIS PRESERVATION PACKAGE
=======================================

Case ${facts.caseId}${facts.externalIdentifier ? `, CyberTipline report ${facts.externalIdentifier}` : ''}.
Run every command from this folder (the bag's top level). Each must succeed; any failure means the
package was changed after it was made, or is not the one the sender made.

1. The bag (BagIt 1.0, RFC 8493): every file is listed with its SHA-512 and SHA-256.

     sha512sum -c tagmanifest-sha512.txt
     sha512sum -c manifest-sha512.txt
     sha256sum -c manifest-sha256.txt

   Or any BagIt validator, e.g.  bagit.py --validate .
   Also check that no file under data/ is missing from manifest-sha512.txt:
     find data -type f | sort > /tmp/files; cut -c131- manifest-sha512.txt | sort | diff - /tmp/files

2. The signature: tagmanifest-sha512.txt.p7s is a detached CMS signature over tagmanifest-sha512.txt
   by the organisation named in organisation.pem. Check the certificate's fingerprint with the sender
   by a separate channel, or use the CA that issued it in place of organisation.pem:

     openssl cms -verify -binary -inform DER -in tagmanifest-sha512.txt.p7s \\
       -content tagmanifest-sha512.txt -CAfile organisation.pem -purpose any -out /dev/null
     certtool --p7-verify --inder --infile tagmanifest-sha512.txt.p7s \\
       --load-data tagmanifest-sha512.txt --load-ca-certificate organisation.pem

3. The timestamp: tagmanifest-sha512.txt.tsr is an RFC 3161 timestamp over tagmanifest-sha512.txt,
   proving the package existed at the time it states. With the TSA's CA certificate (from the TSA):

     openssl ts -reply -in tagmanifest-sha512.txt.tsr -text
     openssl ts -verify -in tagmanifest-sha512.txt.tsr -data tagmanifest-sha512.txt -CAfile TSA-CA.pem

   If there is a .tsq instead of a .tsr, the package was made offline and is not yet timestamped.

4. The ledger: data/ledger is a complete export of the workstation's signed access ledger in the
   \`custody log export\` layout (entries.jsonl, checkpoint, proofs.json, keys.txt). Every entry has an
   inclusion proof against the signed checkpoint. data/ledger/case-entries.json lists the sequence
   numbers of this case's entries. Verify it with nothing but openssl and python3:

     verify-ledger-export.sh data/ledger [TRUSTED_KEYS_FILE]

   (docs/verify-ledger-export.sh in Custody's source), or \`custody log verify --export data/ledger\`.
   Pass the verifier keys you obtained from the sender out of band as TRUSTED_KEYS_FILE.

5. Everything at once, with Custody:  custody preserve verify .

What is inside: data/originals/ (the evidence, byte for byte as ingested), data/metadata/ (hashes, EXIF,
sources, hash-bank matches with bank and version, categorisations; case.json), data/report/ (the
CyberTipline report XML as sent, each file's details, NCMEC's answers and the signed receipt), data/ledger/.
`;
}
