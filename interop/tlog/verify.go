// Command verify checks a Portunus ledger independently of Portunus, with the Go checksum
// database's own packages (golang.org/x/mod/sumdb/note and sumdb/tlog, Debian's
// golang-golang-x-mod-dev).
//
//	verify LEDGER-DIR VKEY [PROOF-DIR]
//
// It verifies the checkpoint's signature with sumdb/note, recomputes every leaf hash from the
// C2SP entry bundles and every stored hash with tlog.StoredHashesForRecordHash, compares every
// hash tile on disk with tlog.ReadTileData, compares the root with tlog.TreeHash, and checks
// each tlog-proof file N.proof in PROOF-DIR against the entry bytes in N.entry with
// tlog.CheckRecord. It prints a summary and exits 0 only when everything holds.
//
// x/mod 0.7.0 predates C2SP: it reads the Go layout (tile/8/L/N, tile/8/data/N) and the
// "go.sum database tree" note, so this program computes C2SP paths and reads the checkpoint's
// three lines itself; the hashing and proof checks are x/mod's.
package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

// c2spIndex writes N in 3-digit groups, all but the last prefixed with "x".
func c2spIndex(n int64) string {
	groups := []string{fmt.Sprintf("%03d", n%1000)}
	for n /= 1000; n > 0; n /= 1000 {
		groups = append([]string{fmt.Sprintf("x%03d", n%1000)}, groups...)
	}
	return strings.Join(groups, "/")
}

func c2spPath(level string, n int64, width int) string {
	path := "tile/" + level + "/" + c2spIndex(n)
	if width < 256 {
		path += ".p/" + strconv.Itoa(width)
	}
	return path
}

// readCheckpoint opens a signed checkpoint note and returns its size and root.
func readCheckpoint(text []byte, verifier note.Verifier) (int64, tlog.Hash, string) {
	n, err := note.Open(text, note.VerifierList(verifier))
	if err != nil {
		fail("checkpoint signature: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != verifier.Name() {
		fail("checkpoint: origin %q is not the key name %q", lines[0], verifier.Name())
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 {
		fail("checkpoint size %q", lines[1])
	}
	raw, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(raw) != tlog.HashSize {
		fail("checkpoint root %q", lines[2])
	}
	var root tlog.Hash
	copy(root[:], raw)
	return size, root, n.Text
}

type hashList []tlog.Hash

func (h hashList) ReadHashes(indexes []int64) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(indexes))
	for i, index := range indexes {
		if index >= int64(len(h)) {
			return nil, fmt.Errorf("stored hash %d not computed", index)
		}
		out[i] = h[index]
	}
	return out, nil
}

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: verify LEDGER-DIR VKEY [PROOF-DIR]")
		os.Exit(2)
	}
	dir, vkey := os.Args[1], os.Args[2]
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("verifier key: %v", err)
	}
	checkpoint, err := os.ReadFile(filepath.Join(dir, "checkpoint"))
	if err != nil {
		fail("%v", err)
	}
	size, root, _ := readCheckpoint(checkpoint, verifier)

	// Every leaf from the entry bundles, every stored hash with x/mod.
	var stored hashList
	for index := int64(0); index < size; {
		bundle := index / 256
		width := int(size - bundle*256)
		if width > 256 {
			width = 256
		}
		path := c2spPath("entries", bundle, width)
		data, err := os.ReadFile(filepath.Join(dir, path))
		if err != nil {
			fail("%v", err)
		}
		count := 0
		for len(data) > 0 {
			if len(data) < 2 {
				fail("%s: truncated length", path)
			}
			length := int(data[0])<<8 | int(data[1])
			if len(data) < 2+length {
				fail("%s: truncated entry", path)
			}
			hashes, err := tlog.StoredHashesForRecordHash(index, tlog.RecordHash(data[2:2+length]), stored)
			if err != nil {
				fail("stored hashes for %d: %v", index, err)
			}
			stored = append(stored, hashes...)
			data = data[2+length:]
			index++
			count++
		}
		if count != width {
			fail("%s holds %d entries, %d expected", path, count, width)
		}
	}
	computed, err := tlog.TreeHash(size, stored)
	if err != nil {
		fail("tree hash: %v", err)
	}
	if computed != root {
		fail("root: entries give %v, checkpoint signs %v", computed, root)
	}

	// Every hash tile on disk against x/mod's tile data for the same tile.
	tiles := 0
	for level := 0; ; level++ {
		count := size >> (8 * uint(level))
		if count == 0 {
			break
		}
		for n := int64(0); n*256 < count; n++ {
			width := int(count - n*256)
			if width > 256 {
				width = 256
			}
			tile := tlog.Tile{H: 8, L: level, N: n, W: width}
			want, err := tlog.ReadTileData(tile, stored)
			if err != nil {
				fail("tile data %v: %v", tile, err)
			}
			path := c2spPath(strconv.Itoa(level), n, width)
			got, err := os.ReadFile(filepath.Join(dir, path))
			if err != nil {
				fail("%v", err)
			}
			if !bytes.Equal(got, want) {
				fail("%s differs from the tile x/mod computes", path)
			}
			tiles++
		}
	}

	// tlog-proof files, checked with tlog.CheckRecord.
	proofs := 0
	if len(os.Args) > 3 {
		files, _ := filepath.Glob(filepath.Join(os.Args[3], "*.proof"))
		for _, file := range files {
			text, err := os.ReadFile(file)
			if err != nil {
				fail("%v", err)
			}
			entry, err := os.ReadFile(strings.TrimSuffix(file, ".proof") + ".entry")
			if err != nil {
				fail("%v", err)
			}
			parts := strings.SplitN(string(text), "\n\n", 2)
			if len(parts) != 2 {
				fail("%s: no blank line before the checkpoint", file)
			}
			lines := strings.Split(parts[0], "\n")
			if lines[0] != "c2sp.org/tlog-proof@v1" {
				fail("%s: header %q", file, lines[0])
			}
			lines = lines[1:]
			if strings.HasPrefix(lines[0], "extra ") {
				lines = lines[1:]
			}
			index, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "index "), 10, 64)
			if err != nil || !strings.HasPrefix(lines[0], "index ") {
				fail("%s: index line %q", file, lines[0])
			}
			var proof tlog.RecordProof
			for _, line := range lines[1:] {
				raw, err := base64.StdEncoding.DecodeString(line)
				if err != nil || len(raw) != tlog.HashSize {
					fail("%s: proof line %q", file, line)
				}
				var h tlog.Hash
				copy(h[:], raw)
				proof = append(proof, h)
			}
			proofSize, proofRoot, _ := readCheckpoint([]byte(parts[1]), verifier)
			if err := tlog.CheckRecord(proof, proofSize, proofRoot, index, tlog.RecordHash(entry)); err != nil {
				fail("%s: %v", file, err)
			}
			proofs++
		}
	}
	fmt.Printf("ok: %s size %d: %d leaves, %d hash tiles and the root recomputed with sumdb/tlog; %d tlog-proofs checked with tlog.CheckRecord\n",
		verifier.Name(), size, size, tiles, proofs)
}
