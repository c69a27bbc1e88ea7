"""The peer of `portunus geo contains`: shapely 2 (GEOS) on the same zones and points.

    shapely_contains.py ZONES.geojson POINTS.csv              # CSV id,zone_ids, as portunus writes it
    shapely_contains.py --bench ZONES.geojson POINTS.csv      # timings only (see Benchmarks/peers/run)

Zones are the GeoJSON features with Polygon or MultiPolygon geometries; a zone's id is the
feature's id, else properties.id, else its index. A point on a zone's boundary is in it
(shapely's intersects; its contains is false on the boundary). Lookup: an STRtree over the
zones, then the prepared geometry of each candidate, as shapely's documentation advises.
"""
import csv
import json
import sys
import time

import numpy as np
import shapely
from shapely.geometry import shape


def load(zones_path):
    with open(zones_path) as handle:
        document = json.load(handle)
    features = document["features"] if document.get("type") == "FeatureCollection" else [document]
    ids, geometries = [], []
    for index, feature in enumerate(features):
        identifier = feature.get("id")
        if identifier is None:
            identifier = (feature.get("properties") or {}).get("id")
        if identifier is None:
            identifier = index
        geometry = shape(feature["geometry"])
        shapely.prepare(geometry)
        ids.append(str(identifier))
        geometries.append(geometry)
    return ids, geometries


def points(points_path):
    with open(points_path) as handle:
        rows = list(csv.DictReader(handle))
    return [row["id"] for row in rows], np.array([float(row["lon"]) for row in rows]), np.array([float(row["lat"]) for row in rows])


def main():
    arguments = sys.argv[1:]
    bench = arguments[:1] == ["--bench"]
    if bench:
        arguments = arguments[1:]
    ids, geometries = load(arguments[0])
    point_ids, xs, ys = points(arguments[1])
    tree = shapely.STRtree(geometries)
    if bench:
        # Point in polygon against the first zone, vectorised (contains_xy on a prepared geometry).
        start = time.perf_counter()
        shapely.contains_xy(geometries[0], xs, ys)
        elapsed = time.perf_counter() - start
        print(f"contains_xy (prepared, first zone): {len(xs) / elapsed:,.0f} points/s")
        start = time.perf_counter()
        hits = tree.query(shapely.points(xs, ys), predicate="intersects")
        elapsed = time.perf_counter() - start
        print(f"STRtree query (intersects) over {len(geometries)} zones: {len(xs) / elapsed:,.0f} lookups/s ({hits.shape[1]} hits)")
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["id", "zone_ids"])
    for point_id, x, y in zip(point_ids, xs, ys):
        found = sorted(int(i) for i in tree.query(shapely.Point(x, y)) if shapely.intersects_xy(geometries[int(i)], x, y))
        writer.writerow([point_id, ";".join(ids[i] for i in found)])


if __name__ == "__main__":
    main()
