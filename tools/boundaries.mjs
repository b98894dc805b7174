// Builds the portal's boundaries TopoJSON (ADR 0024): reads on stdin a JSON object with the
// municipal boundaries (`geojson`, a FeatureCollection with properties code and name), the
// municipalities' province and office region (`municipalities`: code -> {province,
// officeRegion}), the provinces' and office regions' names, the simplification's minimum
// weight and the attribution; writes the TopoJSON on stdout. Run through
// `manage.py build_boundaries`, which reads the regions tables.
import { topology } from "topojson-server";
import { presimplify, simplify } from "topojson-simplify";
import { mergeArcs, quantize } from "topojson-client";

const QUANTIZATION = 1e5;

function read(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    stream.on("error", reject);
  });
}

// The outlines of a grouping of municipalities (province or office region), merged along the
// arcs they share, so that the outlines reuse the municipalities' arcs and cost few bytes.
function merged(topo, geometries, keyOf, names) {
  const groups = new Map();
  for (const geometry of geometries) {
    const key = keyOf(geometry.id);
    if (!key) { continue; }
    if (!groups.has(key)) { groups.set(key, []); }
    groups.get(key).push(geometry);
  }
  return [...groups.keys()].sort().map((key) => ({
    ...mergeArcs(topo, groups.get(key)), id: key, properties: { name: names[key] || key },
  }));
}

const input = JSON.parse(await read(process.stdin));
const features = input.geojson.features.map((f) => ({
  type: "Feature", id: f.properties.code, properties: { name: f.properties.name }, geometry: f.geometry,
})).sort((a, b) => (a.id < b.id ? -1 : 1));
let topo = topology({ municipalities: { type: "FeatureCollection", features } }, QUANTIZATION);
// presimplify returns absolute coordinates: quantize again, delta-encoded, for a small file.
topo = quantize(simplify(presimplify(topo), input.minWeight), QUANTIZATION);
const geometries = topo.objects.municipalities.geometries;
const regions = input.municipalities;
topo.objects.provinces = {
  type: "GeometryCollection",
  geometries: merged(topo, geometries, (code) => regions[code] && regions[code].province, input.provinceNames),
};
topo.objects.officeRegions = {
  type: "GeometryCollection",
  geometries: merged(topo, geometries, (code) => regions[code] && regions[code].officeRegion, input.officeRegionNames),
};
topo.attribution = input.attribution;
topo.source = input.source;
process.stdout.write(JSON.stringify(topo));
