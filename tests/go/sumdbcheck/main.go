// Command sumdbcheck checks aisec's ledger checkpoints and proofs with Go's
// golang.org/x/mod/sumdb/note and sumdb/tlog, an implementation aisec does
// not share code with (tests/cli/test_interop_sumdb.sh builds it offline in
// GOPATH mode against Debian's golang-golang-x-mod-dev).
//
//	sumdbcheck inclusion SKEY VKEY LEDGERDIR PROOF ENTRY
//	sumdbcheck consistency VKEY LEDGERDIR OLDNOTE NEWNOTE PROOF
//
// inclusion: the proof's checkpoint note verifies with VKEY and re-signing
// its text with SKEY gives the same bytes (Ed25519 is deterministic); tlog
// computes the same root from the ledger's tree.dat (the stored-hash layout
// is tlog's), the same inclusion proof for the index, and accepts it for
// ENTRY.  consistency: both notes verify, tlog computes the same proof from
// tree.dat and accepts it.  Exit 0 when everything holds, 1 otherwise.
package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, a ...interface{}) {
	fmt.Fprintf(os.Stderr, "sumdbcheck: "+format+"\n", a...)
	os.Exit(1)
}

func read(path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	return b
}

// The stored hashes of tree.dat, read as tlog reads its own storage.
type storedHashes []byte

func (s storedHashes) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, x := range indexes {
		if (x+1)*tlog.HashSize > int64(len(s)) {
			return nil, fmt.Errorf("tree.dat has no hash %d", x)
		}
		copy(out[i][:], s[x*tlog.HashSize:(x+1)*tlog.HashSize])
	}
	return out, nil
}

// A C2SP checkpoint note, opened with the verifier: origin, size, root.
func openCheckpoint(text []byte, v note.Verifier) (tlog.Tree, string) {
	n, err := note.Open(text, note.VerifierList(v))
	if err != nil {
		fail("checkpoint does not verify: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		fail("checkpoint body has %d lines", len(lines))
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		fail("checkpoint size %q", lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		fail("checkpoint root %q", lines[2])
	}
	var h tlog.Hash
	copy(h[:], raw)
	return tlog.Tree{N: size, Hash: h}, n.Text
}

func hashes(lines []string) []tlog.Hash {
	var out []tlog.Hash
	for _, l := range lines {
		raw, err := base64.StdEncoding.DecodeString(l)
		if err != nil || len(raw) != tlog.HashSize {
			fail("proof hash %q", l)
		}
		var h tlog.Hash
		copy(h[:], raw)
		out = append(out, h)
	}
	return out
}

func same(a, b []tlog.Hash) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func verifier(path string) note.Verifier {
	v, err := note.NewVerifier(strings.TrimSpace(string(read(path))))
	if err != nil {
		fail("verifier key: %v", err)
	}
	return v
}

func inclusion(skey, vkey, dir, proof, entry string) {
	v := verifier(vkey)
	text := string(read(proof))
	head, cp, ok := strings.Cut(text, "\n\n")
	if !ok {
		fail("proof has no checkpoint after a blank line")
	}
	lines := strings.Split(head, "\n")
	if lines[0] != "c2sp.org/tlog-proof@v1" || !strings.HasPrefix(lines[1], "index ") {
		fail("not a c2sp.org/tlog-proof@v1 file")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[1], "index "), 10, 64)
	if err != nil {
		fail("proof index %q", lines[1])
	}
	tree, body := openCheckpoint([]byte(cp), v)
	// the same signature bytes from Go's signer
	s, err := note.NewSigner(strings.TrimSpace(string(read(skey))))
	if err != nil {
		fail("signer key: %v", err)
	}
	again, err := note.Sign(&note.Note{Text: body}, s)
	if err != nil {
		fail("sign: %v", err)
	}
	if !bytes.Equal(again, []byte(cp)) {
		fail("Go's note.Sign gives other bytes:\n%s\naisec:\n%s", again, cp)
	}
	stored := storedHashes(read(dir + "/tree.dat"))
	root, err := tlog.TreeHash(tree.N, stored)
	if err != nil || root != tree.Hash {
		fail("tlog's root of tree.dat differs from the checkpoint (%v)", err)
	}
	want, err := tlog.ProveRecord(tree.N, index, stored)
	if err != nil {
		fail("tlog.ProveRecord: %v", err)
	}
	got := hashes(lines[2:])
	if !same(tlog.RecordProof(got), want) {
		fail("tlog's inclusion proof differs from aisec's")
	}
	if err := tlog.CheckRecord(tlog.RecordProof(got), tree.N, tree.Hash, index,
		tlog.RecordHash(read(entry))); err != nil {
		fail("tlog.CheckRecord: %v", err)
	}
	fmt.Printf("inclusion of entry %d in tree %d: byte-identical note, same proof, verified\n",
		index, tree.N)
}

func consistency(vkey, dir, oldNote, newNote, proof string) {
	v := verifier(vkey)
	oldT, _ := openCheckpoint(read(oldNote), v)
	newT, _ := openCheckpoint(read(newNote), v)
	lines := strings.Split(strings.TrimRight(string(read(proof)), "\n"), "\n")
	if lines[0] != "aisec.ledger/consistency@v1" {
		fail("not an aisec.ledger/consistency@v1 file")
	}
	got := hashes(lines[3:])
	stored := storedHashes(read(dir + "/tree.dat"))
	want, err := tlog.ProveTree(newT.N, oldT.N, stored)
	if err != nil {
		fail("tlog.ProveTree: %v", err)
	}
	if !same(tlog.TreeProof(got), want) {
		fail("tlog's consistency proof differs from aisec's")
	}
	if err := tlog.CheckTree(tlog.TreeProof(got), newT.N, newT.Hash, oldT.N, oldT.Hash); err != nil {
		fail("tlog.CheckTree: %v", err)
	}
	fmt.Printf("consistency %d -> %d: same proof, verified\n", oldT.N, newT.N)
}

func main() {
	a := os.Args[1:]
	switch {
	case len(a) == 6 && a[0] == "inclusion":
		inclusion(a[1], a[2], a[3], a[4], a[5])
	case len(a) == 6 && a[0] == "consistency":
		consistency(a[1], a[2], a[3], a[4], a[5])
	default:
		fmt.Fprintln(os.Stderr, "usage: sumdbcheck inclusion SKEY VKEY LEDGERDIR PROOF ENTRY\n"+
			"       sumdbcheck consistency VKEY LEDGERDIR OLDNOTE NEWNOTE PROOF")
		os.Exit(2)
	}
}
