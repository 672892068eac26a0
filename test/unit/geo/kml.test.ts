import { zipSync } from 'fflate';
import type { MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readFeatures } from '../../../electron/core/geo/read-features.ts';
import { readKml } from '../../../electron/core/geo/read-kml.ts';
import { ImportFailed, type ReadFeaturesOptions, type SourceFile } from '../../../electron/core/geo/types.ts';
import type { ImportIssue } from '../../../shared/import-issue.ts';
import { encodeWindows1252, textFile } from './helpers.ts';

const polygons: ReadFeaturesOptions = { expect: 'polygon' };
const points: ReadFeaturesOptions = { expect: 'point' };

async function failure(files: SourceFile[], options: ReadFeaturesOptions = polygons): Promise<ImportIssue[]> {
  const error = await readFeatures(files, options).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ImportFailed);
  return (error as ImportFailed).issues;
}

function kmlDocument(placemarks: string, declaration = '<?xml version="1.0" encoding="UTF-8"?>'): string {
  return `${declaration}
<kml xmlns="http://www.opengis.net/kml/2.2">
<Document>
  <name>Quartiere</name>
  <Style id="blau"><PolyStyle><color>ff0000ff</color></PolyStyle></Style>
  <Schema name="quartier" id="quartier"><SimpleField name="einwohner" type="int"/></Schema>
${placemarks}
</Document>
</kml>`;
}

const POLYGON_PLACEMARKS = `
  <Placemark>
    <name>Altstadt</name>
    <description><![CDATA[<b>Zentrum</b> mit Markt]]></description>
    <styleUrl>#blau</styleUrl>
    <ExtendedData>
      <SchemaData schemaUrl="#quartier"><SimpleData name="einwohner">4200</SimpleData></SchemaData>
      <Data name="Schlüssel"><value>Q-01</value></Data>
    </ExtendedData>
    <Polygon>
      <outerBoundaryIs><LinearRing><coordinates>
        7.00,51.50,60 7.10,51.50,60 7.10,51.60,60 7.00,51.60,60 7.00,51.50,60
      </coordinates></LinearRing></outerBoundaryIs>
      <innerBoundaryIs><LinearRing><coordinates>
        7.02,51.52 7.02,51.54 7.04,51.54 7.04,51.52 7.02,51.52
      </coordinates></LinearRing></innerBoundaryIs>
    </Polygon>
  </Placemark>
  <Placemark>
    <name>Inseln</name>
    <ExtendedData><Data name="Schlüssel"><value>Q-02</value></Data></ExtendedData>
    <MultiGeometry>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>7.2,51.5 7.25,51.5 7.25,51.55 7.2,51.5</coordinates></LinearRing></outerBoundaryIs></Polygon>
      <Polygon><outerBoundaryIs><LinearRing><coordinates>7.3,51.5 7.35,51.5 7.35,51.55 7.3,51.5</coordinates></LinearRing></outerBoundaryIs></Polygon>
    </MultiGeometry>
  </Placemark>`;

const POINT_PLACEMARKS = `
  <Placemark>
    <name>Kita Sonnenschein</name>
    <ExtendedData><Data name="Plätze"><value>45</value></Data><Data name="Träger"><value>Stadt</value></Data></ExtendedData>
    <Point><coordinates>7.05,51.55,0</coordinates></Point>
  </Placemark>
  <Placemark>
    <name>Jugendzentrum</name>
    <Point><coordinates> 7.2 , 51.45 </coordinates></Point>
  </Placemark>`;

describe('KML', () => {
  it('reads polygons with holes and MultiGeometry, keeping name, description and ExtendedData only', async () => {
    const result = await readFeatures([textFile('quartiere.kml', kmlDocument(POLYGON_PLACEMARKS))], polygons);
    expect(result.file).toBe('quartiere.kml');
    expect(result.sourceCrs).toBe('EPSG:4326');
    expect(result.warnings).toEqual([]);
    // togeojson lists <Data> before <SimpleData>; SimpleData typed by the Schema comes as a number.
    expect(result.fields).toEqual(['name', 'description', 'Schlüssel', 'einwohner']);
    expect(result.features.map((feature) => feature.properties)).toEqual([
      { name: 'Altstadt', description: '<b>Zentrum</b> mit Markt', einwohner: 4200, Schlüssel: 'Q-01' },
      { name: 'Inseln', Schlüssel: 'Q-02' },
    ]);

    const [altstadt, inseln] = result.features.map((feature) => feature.geometry);
    expect(altstadt!.type).toBe('Polygon');
    const rings = (altstadt as Polygon).coordinates;
    expect(rings).toHaveLength(2);
    expect(rings[0]!.every((position) => position.length === 2)).toBe(true); // altitude dropped
    expect(rings[0]).toContainEqual([7.1, 51.6]);
    expect(inseln).toEqual({
      type: 'MultiPolygon',
      coordinates: [
        [[[7.2, 51.5], [7.25, 51.5], [7.25, 51.55], [7.2, 51.5]]],
        [[[7.3, 51.5], [7.35, 51.5], [7.35, 51.55], [7.3, 51.5]]],
      ],
    } satisfies MultiPolygon);
  });

  it('reads points', async () => {
    const result = await readFeatures([textFile('einrichtungen.kml', kmlDocument(POINT_PLACEMARKS))], points);
    expect(result.features.map((feature) => [feature.geometry, feature.properties])).toEqual([
      [{ type: 'Point', coordinates: [7.05, 51.55] }, { name: 'Kita Sonnenschein', Plätze: '45', Träger: 'Stadt' }],
      [{ type: 'Point', coordinates: [7.2, 51.45] }, { name: 'Jugendzentrum' }],
    ]);
  });

  it('reports points in a polygon import by feature, and placemarks without geometry', async () => {
    const mixed = kmlDocument(`${POLYGON_PLACEMARKS}${POINT_PLACEMARKS}<Placemark><name>ohne</name></Placemark>`);
    const issues = await failure([textFile('gemischt.kml', mixed)]);
    expect(issues.map((issue) => [issue.feature, issue.message])).toEqual([
      [3, 'Die Geometrie ist ein Punkt, erwartet wird eine Fläche (Polygon oder MultiPolygon).'],
      [4, 'Die Geometrie ist ein Punkt, erwartet wird eine Fläche (Polygon oder MultiPolygon).'],
      [5, expect.stringContaining('Das Objekt hat keine Geometrie')],
    ]);
  });

  it('names file and line of broken XML', async () => {
    const text = kmlDocument(POLYGON_PLACEMARKS).replace('<name>Inseln</name>', '<name>Inseln</nam>');
    const line = text.split('\n').findIndex((row) => row.includes('</nam>')) + 1;
    const [issue, ...more] = await failure([textFile('kaputt.kml', text)]);
    expect(more).toEqual([]);
    expect(issue!.file).toBe('kaputt.kml');
    expect(issue!.line).toBe(line);
    expect(issue!.message).toMatch(new RegExp(`^kaputt\\.kml ist kein gültiges XML in Zeile ${line}, Spalte \\d+ \\(.+\\)\\. `));
  });

  it('says when the file is cut off, empty or another XML format', async () => {
    const full = kmlDocument(POINT_PLACEMARKS);
    const [cut] = await failure([textFile('halb.kml', full.slice(0, full.length / 2))], points);
    expect(cut!.message).toMatch(/^halb\.kml ist kein gültiges XML/);

    const [empty] = await failure([textFile('leer.kml', '')], points);
    expect(empty!.message).toMatch(/^leer\.kml ist kein gültiges XML/);

    const [gpx] = await failure([textFile('track.kml', '<?xml version="1.0"?><gpx version="1.1"></gpx>')], points);
    expect(gpx!.message).toBe('track.kml ist keine KML-Datei (das XML beginnt mit <gpx> statt <kml>).');

    const [none] = await failure([textFile('nichts.kml', kmlDocument(''))], points);
    expect(none!.message).toBe('nichts.kml enthält keine Objekte.');
  });

  it('honours a Latin-1 XML declaration', async () => {
    const text = kmlDocument(POINT_PLACEMARKS, '<?xml version="1.0" encoding="ISO-8859-1"?>');
    const result = await readFeatures([{ name: 'latin1.kml', data: encodeWindows1252(text) }], points);
    expect(result.features[0]!.properties).toEqual({ name: 'Kita Sonnenschein', Plätze: '45', Träger: 'Stadt' });
    expect(result.warnings).toEqual([]);
  });

  it('skips ground overlays with a warning', () => {
    const overlay =
      '<GroundOverlay><name>Luftbild</name><Icon><href>bild.jpg</href></Icon>' +
      '<LatLonBox><north>51.6</north><south>51.5</south><east>7.1</east><west>7.0</west></LatLonBox></GroundOverlay>';
    const raw = readKml({ name: 'mit-bild.kml', data: new TextEncoder().encode(kmlDocument(POINT_PLACEMARKS + overlay)) });
    expect(raw.features).toHaveLength(2);
    expect(raw.issues.map((issue) => issue.message)).toEqual([
      'mit-bild.kml: 1 Bildüberlagerungen bzw. Netzwerk-Links wurden übergangen; übernommen werden nur Ortsmarken (Placemarks).',
    ]);
  });
});

describe('KMZ', () => {
  const encode = (text: string) => new TextEncoder().encode(text);

  it('reads doc.kml from the archive', async () => {
    const kmz = zipSync({ 'files/bild.png': new Uint8Array([1, 2, 3]), 'doc.kml': encode(kmlDocument(POLYGON_PLACEMARKS)) });
    const result = await readFeatures([{ name: 'quartiere.kmz', data: kmz }], polygons);
    expect(result.file).toBe('quartiere.kmz/doc.kml');
    expect(result.features.map((feature) => feature.properties.name)).toEqual(['Altstadt', 'Inseln']);
  });

  it('takes the first root-level .kml when there is no doc.kml', async () => {
    const kmz = zipSync({ 'unterordner/alt.kml': encode(kmlDocument('')), 'Einrichtungen.kml': encode(kmlDocument(POINT_PLACEMARKS)) });
    const result = await readFeatures([{ name: 'einrichtungen.kmz', data: kmz }], points);
    expect(result.file).toBe('einrichtungen.kmz/Einrichtungen.kml');
    expect(result.features).toHaveLength(2);
  });

  it('reports a KMZ without KML, a broken archive, and broken XML inside with the inner name', async () => {
    const [empty] = await failure([{ name: 'leer.kmz', data: zipSync({ 'bild.png': new Uint8Array([1]) }) }]);
    expect(empty!.message).toBe('leer.kmz enthält keine KML-Datei (erwartet wird doc.kml).');

    const [broken] = await failure([{ name: 'kaputt.kmz', data: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9]) }]);
    expect(broken!.message).toBe('kaputt.kmz ist keine gültige KMZ-Datei (beschädigtes ZIP-Archiv).');

    const [xml] = await failure([{ name: 'fehler.kmz', data: zipSync({ 'doc.kml': encode('<kml><Placemark></kml>') }) }]);
    expect(xml!.file).toBe('fehler.kmz/doc.kml');
    expect(xml!.line).toBe(1);
    expect(xml!.message).toMatch(/^doc\.kml ist kein gültiges XML in Zeile 1/);
  });
});
