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
  quartiersatlas import DATEI… --db DATEI --kind facilities --category NAME [--mapping ZUORDNUNG.json]
                        [--name-field FELD] [--id-field FELD] [--crs EPSG:n] [--layer NAME]
                        [--duplicates skip|keep|update] [--json]
      Importiert Einrichtungen in eine Kategorie: Punkte aus GeoJSON, Shapefile, GeoPackage oder KML,
      oder eine Tabelle (CSV/XLSX) mit Längen-/Breitengrad oder Rechts-/Hochwert (--crs EPSG:25832).
      Die Zuordnung (JSON, auch aus dem Import-Assistenten) nennt Spalten für Name, Adresse, Träger,
      Kapazität, Zielgruppen usw. Mögliche Dubletten (gleiche Kategorie und gleicher Name bis 50 m
      oder gleiche Adresse; über Kategorien hinweg gleicher Name und gleiche Adresse) werden gemeldet
      und der Import abgebrochen, bis --duplicates entscheidet:
      skip überspringt sie, keep legt sie trotzdem an, update aktualisiert die vorhandene Einrichtung.
  quartiersatlas import DATEI --db DATEI --kind values --mapping ZUORDNUNG.json [--catalogue KATALOG.json] [--keep-valid] [--json]
  quartiersatlas import DATEI --db DATEI --kind values --level EBENE --unit-field F --period-field F
                        --indicator-field F --value-field F [--keep-valid] [--json]
      Importiert Indikatorwerte aus CSV oder XLSX: mit einer gespeicherten Zuordnung (auch aus dem
      Import-Assistenten) oder im einfachen Langformat. Unbekannte Indikatorkürzel brauchen einen
      Katalog (--catalogue). Ohne --keep-valid wird bei einem Fehler nichts importiert.
  quartiersatlas dissolve --db DATEI --from-level EBENE --field MERKMAL [--name-field MERKMAL] --level NEUE_EBENE [--json]
      Bildet eine höhere Ebene, indem Einheiten mit gleichem Merkmal zusammengefasst werden
      (z. B. Stadtteile → Stadtbezirke über „bezirk_bez“); die neuen Einheiten werden ihre übergeordneten.
  quartiersatlas export units --db DATEI --level NAME --out DATEI.geojson|.gpkg [--indicators A,B --period JJJJ] [--suppress N]
      Schreibt die Einheiten einer Ebene als GeoJSON oder GeoPackage (WGS84), auf Wunsch mit Indikatorwerten.
  quartiersatlas export facilities --db DATEI --out DATEI.geojson [--category NAME,NAME]
      Schreibt die Einrichtungen als GeoJSON (WGS84); jede trägt den amtlichen Schlüssel der Gebietseinheit,
      in der sie liegt, als eigene Eigenschaft je Ebene (z. B. "Stadtteil": "ST10").
  quartiersatlas export values --db DATEI --level NAME [--indicators A,B] --out DATEI.csv|.xlsx [--suppress N]
      Schreibt Werte im Langformat: CSV für deutsches Excel (;, Dezimalkomma, UTF-8 mit BOM) oder XLSX.
      Absolute Zahlen unter N (Standard 3) werden geheim gehalten („.“); --suppress 0 schaltet das ab.
  quartiersatlas sync export --db DATEI --out DATEI.qatlas [--for REPLIKA-ID] [--json]
      Schreibt eine Austauschdatei für Kolleginnen und Kollegen: alle Änderungen, oder mit --for nur,
      was diesem Laptop laut seiner letzten Datei noch fehlt (Replika-ID siehe „info“).
  quartiersatlas sync import DATEI.qatlas --db DATEI [--json]
      Liest eine Austauschdatei ein. Vorher wird automatisch ein Zwischenstand der Datenbank gesichert
      (Ordner „…-sicherungen“ neben der Datenbank, die letzten 20 bleiben). Eine schon eingelesene
      Datei meldet „nichts Neues“.
  quartiersatlas backup --db DATEI --out SICHERUNG [--json]
      Schreibt eine Sicherung: die ganze Datenbank und alle Anhänge in einer geprüften ZIP-Datei.
  quartiersatlas restore SICHERUNG --db NEUE_DATEI [--json]
      Stellt eine Sicherung in eine neue Datenbankdatei wieder her (eine vorhandene Datei wird nie
      überschrieben). Die wiederhergestellte Datenbank bekommt eine neue Replika-ID.

Bei einem Fehler bleibt die Datenbank unverändert; die Meldung nennt Datei, Objekt und Feld.
Exit-Codes: 0 erfolgreich, 1 Fehler in den Daten oder der Datenbank, 2 falscher Aufruf.
`;
