// Command tilecheck checks a C2SP tlog-tiles folder written by `aisec ledger
// tiles` with an independent implementation: golang.org/x/mod/sumdb/tlog
// (the tile format of Go's checksum database) and sumdb/note.
//
// Usage: tilecheck DIR VKEY
//
// It verifies the checkpoint signature, re-hashes every entry of every
// entry bundle, rebuilds the tree with tlog.StoredHashes, compares every tile
// the tree of the checkpoint's size needs (full and partial, every level)
// byte for byte with tlog.ReadTileData, checks the root with tlog.TreeHash,
// then proves and checks inclusion and consistency through
// tlog.TileHashReader, which authenticates each tile it reads against the
// checkpoint's root.  Go names tiles tile/8/L/N and tile/8/data/N; C2SP
// drops the height: tile/L/N and tile/entries/N.  Exit status 0 when all
// holds, 1 with a message otherwise.
package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

const height = 8

// c2spPath maps Go's tile path to the C2SP one.
func c2spPath(t tlog.Tile) string {
	p := t.Path()
	if strings.HasPrefix(p, "tile/8/data/") {
		return "tile/entries/" + strings.TrimPrefix(p, "tile/8/data/")
	}
	return "tile/" + strings.TrimPrefix(p, "tile/8/")
}

// dirTiles serves Go's TileHashReader from the folder.  Go asks for the
// narrowest partial tile holding a hash (tlog.TileForIndex); C2SP publishes
// only the partial tile of the checkpoint's size, whose hashes start with
// those of every narrower one, so a narrower request reads that file's
// prefix.
type dirTiles struct {
	dir   string
	size  int64
	reads int
}

// width of tile n at level l in a tree of size leaves
func width(l int, n, size int64) int {
	count := size >> uint(height*l)
	if count >= (n+1)*256 {
		return 256
	}
	return int(count - n*256)
}

func (d *dirTiles) Height() int { return height }

func (d *dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	out := make([][]byte, len(tiles))
	for i, t := range tiles {
		b, err := d.read(t)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

// read returns the hashes of tile t from the file C2SP publishes for it.
func (d *dirTiles) read(t tlog.Tile) ([]byte, error) {
	pub := t
	pub.W = width(t.L, t.N, d.size)
	if pub.W < t.W {
		return nil, fmt.Errorf("tile %s is wider than the tree", t.Path())
	}
	b, err := os.ReadFile(filepath.Join(d.dir, c2spPath(pub)))
	if err != nil {
		return nil, err
	}
	if len(b) != pub.W*tlog.HashSize {
		return nil, fmt.Errorf("%s: %d bytes, want %d", c2spPath(pub), len(b), pub.W*tlog.HashSize)
	}
	d.reads++
	return b[:t.W*tlog.HashSize], nil
}

func (d *dirTiles) SaveTiles(tiles []tlog.Tile, data [][]byte) {}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "tilecheck: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 3 {
		fail("usage: tilecheck DIR VKEY")
	}
	dir := os.Args[1]
	vkey, err := os.ReadFile(os.Args[2])
	if err != nil {
		fail("%v", err)
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(vkey)))
	if err != nil {
		fail("vkey: %v", err)
	}
	msg, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		fail("%v", err)
	}
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint: %v", err)
	}
	lines := strings.SplitN(n.Text, "\n", 4)
	if len(lines) < 4 {
		fail("checkpoint: want origin, size and root lines")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 1 {
		fail("checkpoint: bad size %q", lines[1])
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(rootBytes) != tlog.HashSize {
		fail("checkpoint: bad root %q", lines[2])
	}
	var root tlog.Hash
	copy(root[:], rootBytes)

	// every entry from the bundles, hashed and stored as Go's tlog stores them
	var stored []tlog.Hash
	hr := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			if x >= int64(len(stored)) {
				return nil, fmt.Errorf("hash %d not stored", x)
			}
			out[i] = stored[x]
		}
		return out, nil
	})
	leaves := make([]tlog.Hash, 0, size)
	bundles := 0
	for b := int64(0); b*256 < size; b++ {
		w := int64(width(0, b, size))
		t := tlog.Tile{H: height, L: -1, N: b, W: int(w)}
		data, err := os.ReadFile(filepath.Join(dir, c2spPath(t)))
		if err != nil {
			fail("entry bundle: %v", err)
		}
		bundles++
		for k := int64(0); k < w; k++ {
			if len(data) < 2 {
				fail("%s: entry %d: truncated", c2spPath(t), k)
			}
			l := int(data[0])<<8 | int(data[1])
			if l == 0 || len(data) < 2+l {
				fail("%s: entry %d: bad length %d", c2spPath(t), k, l)
			}
			rec := data[2 : 2+l]
			data = data[2+l:]
			i := b*256 + k
			hs, err := tlog.StoredHashes(i, rec, hr)
			if err != nil {
				fail("StoredHashes(%d): %v", i, err)
			}
			stored = append(stored, hs...)
			leaves = append(leaves, tlog.RecordHash(rec))
		}
		if len(data) != 0 {
			fail("%s: %d bytes after %d entries", c2spPath(t), len(data), w)
		}
	}
	th, err := tlog.TreeHash(size, hr)
	if err != nil {
		fail("TreeHash: %v", err)
	}
	if th != root {
		fail("entries hash to root %v, checkpoint says %v", th, root)
	}

	// every tile of the tree, byte for byte (Go lists each partial width;
	// C2SP publishes the widest, whose prefixes the narrower ones are)
	files := &dirTiles{dir: dir, size: size}
	tiles := tlog.NewTiles(height, 0, size)
	published := 0
	for _, t := range tiles {
		want, err := tlog.ReadTileData(t, hr)
		if err != nil {
			fail("ReadTileData(%s): %v", t.Path(), err)
		}
		got, err := files.read(t)
		if err != nil {
			fail("%v", err)
		}
		if !bytes.Equal(got, want) {
			fail("%s (Go %s) differs from Go's tile", c2spPath(t), t.Path())
		}
		if t.W == width(t.L, t.N, size) {
			published++
		}
	}

	// proofs through the tiles alone, each tile authenticated by Go
	dt := &dirTiles{dir: dir, size: size}
	thr := tlog.TileHashReader(tlog.Tree{N: size, Hash: root}, dt)
	idx := []int64{0, size - 1, size / 2, 255, 256, 257, 65535, 65536, 99999}
	rnd := rand.New(rand.NewSource(size))
	for i := 0; i < 20; i++ {
		idx = append(idx, rnd.Int63n(size))
	}
	proofs := 0
	for _, i := range idx {
		if i >= size {
			continue
		}
		p, err := tlog.ProveRecord(size, i, thr)
		if err != nil {
			fail("ProveRecord(%d, %d): %v", size, i, err)
		}
		if err := tlog.CheckRecord(p, size, root, i, leaves[i]); err != nil {
			fail("CheckRecord(%d, %d): %v", size, i, err)
		}
		proofs++
	}
	for _, old := range []int64{1, 2, 255, 256, 257, 65535, 65536, size / 3, size - 1, size} {
		if old < 1 || old > size {
			continue
		}
		oh, err := tlog.TreeHash(old, hr)
		if err != nil {
			fail("TreeHash(%d): %v", old, err)
		}
		p, err := tlog.ProveTree(size, old, thr)
		if err != nil {
			fail("ProveTree(%d, %d): %v", size, old, err)
		}
		if err := tlog.CheckTree(p, size, root, old, oh); err != nil {
			fail("CheckTree(%d, %d): %v", size, old, err)
		}
		proofs++
	}
	fmt.Printf("ok size %d: %d tiles (%d with Go's narrower partial ones) and %d entry bundles match, %d proofs checked (%d tile reads)\n",
		size, published, len(tiles), bundles, proofs, dt.reads)
}
