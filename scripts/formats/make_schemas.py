#!/usr/bin/env python3
"""Writes the JSON Schemas (2020-12) of every JSON Sextant writes into docs/formats/*.schema.json.
The schemas are the documentation of the outputs; scripts/checks/check_schemas.py validates real
outputs against them in `make test`. Bump an output's "schemaVersion" (and its "const" here) when a
field is removed, renamed or changes meaning; adding optional fields keeps the version."""
import json, os

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "docs", "formats")
D = "https://json-schema.org/draft/2020-12/schema"
BASE = "https://sextant.invalid/schemas/"

# Swift's JSONEncoder writes non-finite doubles as these strings (nonConformingFloatEncodingStrategy).
num = {"oneOf": [{"type": "number"}, {"enum": ["nan", "inf", "-inf"]}]}
numOrNull = {"type": ["number", "null"]}
integer = {"type": "integer"}
string = {"type": "string"}
direction = {"enum": ["lower", "higher"]}
version = {"const": 1, "description": "Version of this schema the output follows."}

def obj(props, required=None, extra=False, **kw):
    o = {"type": "object", "properties": props, "required": required if required is not None else list(props),
         "additionalProperties": extra}
    o.update(kw)
    return o

sla_check = obj({"key": string, "limit": num, "unit": string, "estimate": num, "lower": num, "upper": num,
                 "status": {"enum": ["pass", "violation", "inconclusive"]}})
forecast_warning = obj({"key": string, "limit": num, "unit": string, "runsToBreach": integer,
                        "earliest": integer, "latest": integer, "horizon": integer, "relativeSlopePerRun": num},
                       required=["key", "limit", "unit", "runsToBreach", "horizon", "relativeSlopePerRun"])

schemas = {}
schemas["gate"] = {
    "$schema": D, "$id": BASE + "gate.schema.json", "title": "sextant gate --format json",
    **obj({
        "schemaVersion": version, "tool": {"const": "sextant gate"},
        "outcome": {"enum": ["pass", "fail", "inconclusive"]},
        "summary": {"type": "object", "additionalProperties": integer,
                    "required": ["regression", "improvement", "no-change", "inconclusive", "sla-violation", "sla-inconclusive", "forecast-warning"]},
        "report": obj({
            "results": {"type": "array", "items": obj({
                "benchmark": string, "metric": string, "unit": string, "direction": direction,
                "method": {"enum": ["bootstrap-median-ratio", "prediction-interval", "run-ranks", "paired-runs", "insufficient-data"]},
                "baselineRuns": integer, "candidateRuns": integer, "runsBeforeShift": integer,
                "baselineLevel": num, "candidateLevel": num,
                "effect": obj({"estimate": num, "lower": num, "upper": num, "confidence": num}),
                "pValue": num, "adjustedPValue": num, "minimumEffect": num,
                "verdict": {"enum": ["regression", "improvement", "no-change", "inconclusive"]},
                "reason": string, "slaChecks": {"type": "array", "items": sla_check},
                "forecastWarnings": {"type": "array", "items": forecast_warning},
                # issue 14: the shared-factor adjustment ("control") and whether the result decided the outcome
                "sharedFactor": string, "decisive": {"type": "boolean"}},
                required=["benchmark", "metric", "unit", "direction", "method", "baselineRuns", "candidateRuns",
                          "runsBeforeShift", "candidateLevel", "minimumEffect", "verdict", "reason", "slaChecks", "forecastWarnings"],
                extra=True)},
            "confidence": num, "falseDiscoveryRate": num,
            "outcome": {"enum": ["pass", "fail", "inconclusive"]},
            "baselineDescription": string, "candidateDescription": string}, extra=True)}, extra=True)}

step = obj({"step": integer, "estimate": num, "lower80": num, "upper80": num, "lower95": num, "upper95": num})
schemas["analyze"] = {
    "$schema": D, "$id": BASE + "analyze.schema.json", "title": "sextant analyze --format json",
    **obj({"schemaVersion": version, "tool": {"const": "sextant analyze"}, "confidence": num,
           "series": {"type": "array", "items": obj({
               "benchmark": string, "metric": string, "unit": string, "direction": direction, "runs": integer,
               "lastChangeIndex": integer, "lastChangeLabel": string, "lastChangeSize": num, "segmentRuns": integer,
               "level": num, "levelLower": num, "levelUpper": num,
               "slopePerRun": num, "slopeLower": num, "slopeUpper": num,
               "trend": {"enum": ["none", "flat", "worsening", "improving"]}, "horizon": integer,
               "forecast": num, "forecastLower": num, "forecastUpper": num,
               "slaChecks": {"type": "array", "items": sla_check}, "breaches": {"type": "array", "items": forecast_warning},
               "forecastModel": string, "forecastStart": integer, "forecastPath": {"type": "array", "items": step},
               "segments": {"type": "array", "items": obj({"start": integer, "end": integer, "mean": num,
                                                             "slope": num, "slopeLower": num, "slopeUpper": num},
                                                            required=["start", "end", "mean"])},
               "trendLine": obj({"start": integer, "startLevel": num, "endLevel": num}), "minimumEffect": num},
               required=["benchmark", "metric", "unit", "direction", "runs", "segmentRuns", "level", "levelLower",
                         "levelUpper", "trend", "horizon", "slaChecks", "breaches"], extra=True)}}, extra=True)}

segment = obj({"start": integer, "count": integer, "mean": numOrNull, "median": numOrNull,
               "slope": numOrNull, "slopeInterval": {"type": "array", "items": numOrNull, "minItems": 2, "maxItems": 2}},
              required=["start", "count", "mean", "median"])
change_point = obj({"index": integer, "benchmark": string, "metric": string, "unit": string, "run": integer,
                    "label": string, "before": segment, "after": segment, "relativeChange": numOrNull,
                    "relativeChangeInterval": {"type": "array", "items": numOrNull, "minItems": 2, "maxItems": 2},
                    "pValue": numOrNull, "penaltyMargin": numOrNull, "kind": string},
                   required=["index", "before", "after", "relativeChange", "relativeChangeInterval", "pValue", "penaltyMargin", "kind"])
schemas["changepoints"] = {
    "$schema": D, "$id": BASE + "changepoints.schema.json", "title": "sextant changepoints --format json",
    "description": "One object for an --input series or for all store series (items then carry benchmark, metric, unit, run).",
    **obj({"schemaVersion": version, "changePoints": {"type": "array", "items": change_point},
           "note": string, "noiseScale": numOrNull, "model": {"enum": ["mean", "meanvar", "linear"]},
           "segments": {"type": "array", "items": segment}}, required=["schemaVersion", "changePoints"])}

forecast_obj = obj({
    "schemaVersion": version, "benchmark": string, "metric": string, "unit": string, "error": string, "model": string,
    "forecasts": {"type": "array", "items": obj({"step": integer, "point": {"type": "number"},
                  "intervals": {"type": "array", "items": obj({"level": {"type": "number"}, "lower": {"type": "number"}, "upper": {"type": "number"}})}})},
    "breach": obj({"limit": {"type": "number"}, "direction": direction, "status": string,
                   "point_step": {"type": ["integer", "null"]},
                   "bands": {"type": "array", "items": obj({"level": {"type": "number"}, "earliest": {"type": ["integer", "null"]}, "latest": {"type": ["integer", "null"]}})}})},
    required=["schemaVersion"],
    oneOf=[{"required": ["model", "forecasts"]}, {"required": ["error"]}])
schemas["forecast"] = {
    "$schema": D, "$id": BASE + "forecast.schema.json", "title": "sextant forecast --format json",
    "description": "One forecast object for an --input series; an array of them (each with benchmark, metric, unit) for store series.",
    "$defs": {"forecast": forecast_obj},
    "oneOf": [{"$ref": "#/$defs/forecast"}, {"type": "array", "items": {"$ref": "#/$defs/forecast"}}]}

meas = {"benchmark": {"type": "string", "minLength": 1}, "metric": string, "unit": string, "direction": direction,
        "value": {"type": "number"}, "iterations": {"type": ["integer", "null"], "minimum": 0},
        "samples": {"type": ["array", "null"], "items": {"type": "number"}}}
schemas["export-jsonl"] = {
    "$schema": D, "$id": BASE + "export-jsonl.schema.json", "title": "sextant export --format jsonl: one line",
    "description": "Every line of the export is one such object (one measurement of one run); `sextant ingest` reads it back.",
    **obj({"schemaVersion": version, "run": integer, "commit": {"type": ["string", "null"]}, "branch": {"type": ["string", "null"]},
           "timestamp": {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$"},
           "machine": {"type": ["string", "null"]}, "toolchain": {"type": ["string", "null"]}, **meas})}

schemas["sync-run"] = {
    "$schema": D, "$id": BASE + "sync-run.schema.json", "title": "sextant sync: one line of a history-branch run file",
    "description": "A run file is a header line (`\"sextant\": \"run\"`) followed by one measurement line per measurement.",
    "oneOf": [
        obj({"sextant": {"const": "run"}, "version": {"const": 1}, "schemaVersion": version, "contentHash": string,
             "commit": {"type": ["string", "null"]}, "branch": {"type": ["string", "null"]}, "timestamp": {"type": "number"},
             "time": string, "machine": {"type": ["string", "null"]}, "toolchain": {"type": ["string", "null"]},
             "source": {"type": ["string", "null"]}, "format": {"type": ["string", "null"]}},
            required=["sextant", "version", "schemaVersion", "contentHash", "timestamp"], extra=True),
        obj(meas)]}

for name, s in schemas.items():
    with open(os.path.join(OUT, f"{name}.schema.json"), "w") as f:
        json.dump(s, f, indent=2)
        f.write("\n")
    print("wrote", f"docs/formats/{name}.schema.json")
