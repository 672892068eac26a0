export const HELP = `quartiersatlas – Kommandozeile für Quartiersatlas (läuft in Node, ohne Fenster)

Aufruf:
  quartiersatlas demo   --db DATEI
      Legt die Demodaten Flensburg an (13 Stadtteile, 41 statistische Bezirke, 76 Spielplätze).
  quartiersatlas info   --db DATEI [--json]
      Zählt Gebietseinheiten je Ebene, Einrichtungen und alle Haupttabellen; Schema-Version und Replika-ID.
  quartiersatlas import DATEI… --db DATEI --kind units --level NAME
                        [--code-field FELD] [--name-field FELD] [--parent-field FELD] [--crs EPSG:n]
                        [--valid-from JJJJ-MM-TT] [--skip-invalid] [--layer NAME] [--json]
      Importiert Gebietseinheiten aus GeoJSON, Shapefile (.shp mit .dbf/.shx/.prj/.cpg daneben, oder .zip),
      GeoPackage (.gpkg; --layer wählt die Ebene, wenn es mehrere gibt) oder KML/KMZ.
      Mit --valid-from ist die Datei ein neuerer Gebietsstand: fehlende Einheiten enden am Vortag,
      neue beginnen an diesem Tag; die Geschichte bleibt erhalten. --skip-invalid überspringt Objekte
      ohne brauchbaren Schlüssel (als Hinweis gemeldet), statt die Datei abzulehnen.
  quartiersatlas import DATEI… --db DATEI --kind facilities --category NAME
                        [--name-field FELD] [--id-field FELD] [--crs EPSG:n] [--layer NAME] [--json]
      Importiert Einrichtungen (Punkte) in eine Kategorie.
  quartiersatlas dissolve --db DATEI --from-level EBENE --field MERKMAL [--name-field MERKMAL] --level NEUE_EBENE [--json]
      Bildet eine höhere Ebene, indem Einheiten mit gleichem Merkmal zusammengefasst werden
      (z. B. Stadtteile → Stadtbezirke über „bezirk_bez“); die neuen Einheiten werden ihre übergeordneten.
  quartiersatlas export units --db DATEI --level NAME --out DATEI.geojson
      Schreibt die Einheiten einer Ebene als GeoJSON (WGS84).

Bei einem Fehler bleibt die Datenbank unverändert; die Meldung nennt Datei, Objekt und Feld.
Exit-Codes: 0 erfolgreich, 1 Fehler in den Daten oder der Datenbank, 2 falscher Aufruf.
`;
