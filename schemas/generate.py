"""Writes the JSON Schemas of gostack's output forms (report, reports,
grouped, diff) next to this script: python3 schemas/generate.py. The
schemas are checked against real output by tests/schema.rs."""
import os
HERE = os.path.dirname(os.path.abspath(__file__))
import json
S="https://json-schema.org/draft/2020-12/schema"
def obj(req, props, extra=False):
    o={"type":"object","properties":props,"additionalProperties":extra}
    if req: o["required"]=req
    return o
ref=lambda n: {"$ref":f"#/$defs/{n}"}
str_=lambda: {"type":"string"}
int_=lambda: {"type":"integer","minimum":0}
sint=lambda: {"type":"integer"}
bool_=lambda: {"type":"boolean"}
nul=lambda t: {"anyOf":[t,{"type":"null"}]}
arr=lambda t: {"type":"array","items":t}
KINDS=["panic","fatal","signal","dump","pprof-debug1","race","test-timeout","recovered-panic","dlv-goroutines","dlv-goroutine","dlv-stack","dlv-frame","dlv-variables","dlv-threads"]
defs={
 "fingerprint":{"type":"string","pattern":"^[0-9a-f]{16}$","description":"A stable 64-bit fingerprint as 16 lowercase hex digits."},
 "addr":{"type":"string","pattern":"^0x[0-9a-f]+$","description":"A machine word as printed, lowercase hex with 0x."},
 "lineSpan":obj(["start","end"],{"start":int_(),"end":int_()}),
 "variable":obj(["name","value"],{"name":str_(),"value":str_(),"shadowed":bool_()}),
 "defer":obj(["index"],{"index":int_(),"call":ref("frame"),"deferred_by":ref("frame"),"unreadable":str_()}),
 "delveFrame":obj([],{"index":int_(),"variables":arr(ref("variable")),"no_variables":arr(str_()),"defers":arr(ref("defer")),"frame_offset":sint(),"frame_pointer_offset":sint(),"error":str_()}),
 "frameProps":{"function":str_(),"file":nul(str_()),"line":nul(int_()),"package":str_(),"receiver":str_(),"args":str_(),"inlined":bool_(),"offset":ref("addr"),"fp":nul(ref("addr")),"sp":nul(ref("addr")),"pc":nul(ref("addr")),"kind":{"enum":["go","c","non-go","error"]},"delve":ref("delveFrame")},
}
fp=defs.pop("frameProps")
defs["frame"]=obj(["function","file","line"],fp)
cb=dict(fp); cb["goroutine"]=nul(int_())
defs["createdBy"]=obj(["function","file","line","goroutine"],cb)
defs["ancestor"]=obj(["goroutine","frames","frames_elided","created_by"],{"goroutine":int_(),"frames":arr(ref("frame")),"frames_elided":bool_(),"created_by":nul(ref("createdBy"))})
defs["delveGoroutine"]=obj([],{"current":bool_(),"thread":int_(),"locations":arr(obj(["kind","frame"],{"kind":{"enum":["user","runtime","go","start"]},"frame":ref("frame")})),"wait_since":int_(),"unreadable":str_(),"status":int_(),"wait_reason":int_(),"more_labels":int_(),"truncated":bool_(),"output":arr(str_())})
defs["goroutine"]=obj(["id","state","wait_minutes","locked_to_thread","labels","frames","frames_elided","created_by"],{
 "id":nul(int_()),"state":nul(str_()),"wait_minutes":nul(int_()),"locked_to_thread":bool_(),
 "labels":{"type":"object","additionalProperties":str_()},
 "frames":arr(ref("frame")),"frames_elided":bool_(),"created_by":nul(ref("createdBy")),
 "fingerprint":ref("fingerprint"),
 "elision":obj(["count","at"],{"count":nul(int_()),"at":int_()}),
 "gp":nul(ref("addr")),"m":nul(int_()),"mp":nul(ref("addr")),
 "scan":bool_(),"leaked":bool_(),"durable":bool_(),
 "synctest":{"oneOf":[obj(["group"],{"group":int_()}),obj(["bubble"],{"bubble":int_()})]},
 "ancestors":arr(ref("ancestor")),"stack_unavailable":bool_(),"partial":bool_(),"stack_of":int_(),
 "runtime_messages":arr(str_()),"count":int_(),"delve":ref("delveGoroutine"),"lines":ref("lineSpan")})
defs["panic"]=obj(["kind","message","recovered"],{
 "kind":{"enum":["panic","fatal error","signal"]},"message":str_(),"recovered":bool_(),
 "recovered_tag":{"enum":["recovered","repanicked"]},"nested":bool_(),"value_type":str_(),"value_addr":ref("addr"),
 "signal":obj(["name","description","code","addr","pc"],{"name":str_(),"description":str_(),"code":ref("addr"),"addr":ref("addr"),"pc":ref("addr")}),
 "context":obj(["pc"],{"pc":ref("addr"),"m":nul(int_()),"sigcode":nul(int_()),"addr":ref("addr"),"during_cgo":bool_(),"instruction_bytes":arr({"type":"integer","minimum":0,"maximum":255})}),
 "registers":arr(obj(["name","value"],{"name":str_(),"value":ref("addr")})),"line":int_()})
defs["diagnostic"]=obj(["kind","line","column","offset"],{"kind":{"enum":["unexpected-line","missing-location","bad-location","bad-goroutine-header","bad-function-line","truncated","limit-exceeded","no-report","json","placeholder","foreign-log-line"]},"line":int_(),"column":int_(),"offset":int_(),"context":str_()})
defs["logContext"]=obj([],{"transport":{"enum":["docker-json","cri","compose","kubectl","journald","stern"]},"stream":str_(),"time":str_(),"escaped":bool_(),"trace_field":str_(),"fields":arr(obj(["key","value"],{"key":str_(),"value":str_()}))})
defs["recoveredBy"]=obj(["logger"],{"logger":{"enum":["http","http2","testing","slog"]},"location":str_(),"remote_addr":str_(),"prefix":str_()})
defs["testName"]=obj(["name"],{"name":str_(),"duration":str_()})
defs["test"]=obj([],{"running":arr(ref("testName")),"failed":arr(ref("testName")),"race_detected":bool_(),"package":obj(["status","path"],{"status":str_(),"path":str_(),"time":str_()})})
defs["race"]=obj(["accesses"],{"accesses":arr(obj(["kind","addr","goroutine"],{"kind":{"enum":["read","write"]},"previous":bool_(),"addr":ref("addr"),"main_goroutine":bool_(),"goroutine":int_()})),"locations":arr(obj(["text"],{"text":str_(),"frames":arr(ref("frame"))})),"created":arr(obj(["goroutine","frames"],{"goroutine":int_(),"finished":bool_(),"frames":arr(ref("frame"))})),"found":int_()})
defs["delveReport"]=obj([],{"command":str_(),"stop":obj(["frame"],{"breakpoint":str_(),"frame":ref("frame"),"goroutine":int_(),"optimized":bool_()}),"listed":int_(),"groups":arr(obj(["name","total","first","listed"],{"name":str_(),"total":int_(),"first":int_(),"listed":int_()})),"too_many_groups":bool_(),"threads":arr(obj(["id"],{"id":nul(int_()),"current":bool_(),"location":ref("frame")})),"switched_from":int_(),"variables":arr(ref("variable")),"no_variables":arr(str_()),"json":bool_()})
defs["cut"]=obj([],{"long_lines":int_(),"line_bytes_dropped":int_(),"frames_dropped":int_(),"goroutines_dropped":int_(),"report_bytes":bool_()})
defs["occurrences"]=obj(["count","at"],{"count":{"type":"integer","minimum":1},"at":arr(obj(["lines"],{"source":str_(),"lines":ref("lineSpan")}))})
defs["kind"]={"enum":KINDS}
common={"version":{"const":1},"fingerprint":ref("fingerprint"),"kind":ref("kind"),"panics":arr(ref("panic")),"lines":ref("lineSpan"),"source":str_(),"log":ref("logContext"),"recovered_by":ref("recoveredBy"),"test":ref("test"),"exit":str_(),"diagnostics":arr(ref("diagnostic")),"occurrences":ref("occurrences"),"crasher_filtered":{"const":True}}
rp=dict(common); rp.update({"stack_fingerprints":arr(ref("fingerprint")),"goroutines":arr(ref("goroutine")),"runtime_stack":arr(ref("frame")),"runtime_messages":arr(str_()),"delve":ref("delveReport"),"race":ref("race"),"profile":obj(["name","total"],{"name":str_(),"total":int_()}),"cut":ref("cut")})
report=obj(["version","fingerprint","stack_fingerprints","kind","panics","goroutines","lines"],rp)
report.update({"$schema":S,"$id":"https://gostack.dev/schemas/v1/report.schema.json","title":"gostack report (version 1)","description":"One object of `gostack --format ndjson` (an element of the array of `--format json`). See docs/json-output.md.","$defs":defs})
json.dump(report,open(os.path.join(HERE,'report.schema.json'),'w'),indent=2); open(os.path.join(HERE,'report.schema.json'),'a').write('\n')
arrs={"$schema":S,"$id":"https://gostack.dev/schemas/v1/reports.schema.json","title":"gostack --format json (version 1)","description":"The array printed by `gostack --format json`.","type":"array","items":{"$ref":"report.schema.json"}}
json.dump(arrs,open(os.path.join(HERE,'reports.schema.json'),'w'),indent=2); open(os.path.join(HERE,'reports.schema.json'),'a').write('\n')
R=lambda n: {"$ref":f"report.schema.json#/$defs/{n}"}
bucket=obj(["count","goroutines","ids","states","wait_minutes","locked","labels","crashed","runtime","fingerprint","args","stack"],{
 "count":{"type":"integer","minimum":1},"goroutines":{"type":"integer","minimum":1},"ids":arr(int_()),
 "states":arr(obj(["state","count"],{"state":str_(),"count":{"type":"integer","minimum":1}})),
 "wait_minutes":nul(obj(["min","max","waiting"],{"min":int_(),"max":int_(),"waiting":{"type":"integer","minimum":1}})),
 "locked":int_(),
 "labels":arr(obj(["key","values","distinct","missing"],{"key":str_(),"values":arr(obj(["value","count"],{"value":str_(),"count":{"type":"integer","minimum":1}})),"distinct":{"type":"integer","minimum":1},"missing":int_()})),
 "crashed":bool_(),"runtime":bool_(),"fingerprint":R("fingerprint"),"args":arr(nul(str_())),
 "varying":arr(obj(["frame","arg","distinct","values"],{"frame":int_(),"arg":int_(),"distinct":int_(),"values":arr(str_())})),"stack":R("goroutine")})
gc={k:(R(v["$ref"].split("/")[-1]) if isinstance(v,dict) and "$ref" in v else v) for k,v in common.items()}
gc["panics"]=arr(R("panic")); gc["diagnostics"]=arr(R("diagnostic"))
gc.update({"goroutines":int_(),"similarity":{"enum":["exact","ignore-pointers","ignore-args","ignore-lines"]},"buckets":arr({"$ref":"#/$defs/bucket"})})
grouped=obj(["version","fingerprint","kind","panics","lines","goroutines","similarity","buckets"],gc)
grouped.update({"$schema":S,"$id":"https://gostack.dev/schemas/v1/grouped.schema.json","title":"gostack --format grouped (version 1)","description":"One object per line of `gostack --format grouped`: a report with its goroutines folded into buckets. See docs/json-output.md.","$defs":{"bucket":bucket}})
json.dump(grouped,open(os.path.join(HERE,'grouped.schema.json'),'w'),indent=2); open(os.path.join(HERE,'grouped.schema.json'),'a').write('\n')
diff={"$schema":S,"$id":"https://gostack.dev/schemas/v1/diff.schema.json","title":"gostack diff --format json (version 1)","description":"What `gostack diff --format json OLD NEW` prints. See docs/json-output.md.",
 "type":"object","additionalProperties":False,"required":["version","diff"],"properties":{"version":{"const":1},"diff":obj(["stacks","suspects"],{
 "stacks":arr(obj(["fingerprint","change","old","new","old_ids","new_ids","function","state","persisted","waits_grew"],{
   "fingerprint":R("fingerprint"),"change":{"enum":["appeared","vanished","grew","shrank","same"]},"old":int_(),"new":int_(),
   "old_ids":arr(int_()),"new_ids":arr(int_()),"function":str_(),"state":nul(str_()),"persisted":arr(int_()),
   "waits_grew":arr({"type":"array","prefixItems":[int_(),int_(),int_()],"minItems":3,"maxItems":3})})),
 "suspects":arr(obj(["fingerprint","score","growth","function","reason"],{"fingerprint":R("fingerprint"),"score":int_(),"growth":int_(),"function":str_(),"reason":str_()}))})}}
json.dump(diff,open(os.path.join(HERE,'diff.schema.json'),'w'),indent=2); open(os.path.join(HERE,'diff.schema.json'),'a').write('\n')

# The exports: what gostack writes for each backend (the backends' own
# types read them in tests/exports.rs).
def write(name, schema):
    json.dump(schema, open(os.path.join(HERE, name), 'w'), indent=2)
    open(os.path.join(HERE, name), 'a').write('\n')

kv = obj(["key", "value"], {"key": str_(), "value": {"type": "object", "additionalProperties": False,
         "minProperties": 1, "maxProperties": 1,
         "properties": {"stringValue": str_(), "intValue": {"type": "string", "pattern": "^-?[0-9]+$"}}}})
record = obj(["severityNumber", "severityText", "body", "attributes"], {
    "timeUnixNano": {"type": "string", "pattern": "^[0-9]+$"},
    "severityNumber": {"enum": [9, 17, 21]},
    "severityText": {"enum": ["INFO", "ERROR", "FATAL"]},
    "body": obj(["stringValue"], {"stringValue": str_()}),
    "attributes": arr(kv)})
write("otel.schema.json", {"$schema": S, "$id": "https://gostack.dev/schemas/v1/otel.schema.json",
    "title": "gostack --format otel (version 1)",
    "description": "One OTLP/JSON ExportLogsServiceRequest per line, one log record per report. See docs/json-output.md.",
    **obj(["resourceLogs"], {"resourceLogs": {"type": "array", "minItems": 1, "maxItems": 1, "items": obj(["resource", "scopeLogs"], {
        "resource": obj(["attributes"], {"attributes": arr(kv)}),
        "scopeLogs": {"type": "array", "minItems": 1, "maxItems": 1, "items": obj(["scope", "logRecords"], {
            "scope": obj(["name", "version"], {"name": {"const": "gostack"}, "version": str_()}),
            "logRecords": {"type": "array", "minItems": 1, "maxItems": 1, "items": record}})}})}})})

sframe = obj(["function", "in_app"], {"function": str_(), "module": str_(), "abs_path": str_(), "filename": str_(),
                                      "lineno": int_(), "in_app": bool_()})
stack = obj(["frames"], {"frames": arr(sframe)})
write("sentry.schema.json", {"$schema": S, "$id": "https://gostack.dev/schemas/v1/sentry.schema.json",
    "title": "gostack --format sentry (version 1)",
    "description": "One Sentry event per line, one per report. See docs/json-output.md.",
    **obj(["event_id", "platform", "level", "logger", "exception", "fingerprint", "tags", "extra"], {
        "event_id": {"type": "string", "pattern": "^[0-9a-f]{32}$"},
        "timestamp": {"type": "number"},
        "platform": {"const": "go"}, "level": {"enum": ["fatal", "error", "info"]}, "logger": {"const": "gostack"},
        "exception": obj(["values"], {"values": {"type": "array", "minItems": 1, "maxItems": 1, "items": obj(["type", "value", "mechanism"], {
            "type": str_(), "value": str_(), "module": str_(), "stacktrace": stack, "thread_id": int_(),
            "mechanism": obj(["type", "handled"], {
                "type": {"enum": ["go.panic", "go.fatal", "go.signal", "go.recovered", "go.race", "go.dump"]},
                "handled": bool_(),
                "meta": obj(["signal"], {"signal": obj(["name"], {"number": int_(), "code": sint(), "name": str_()})})})})}}),
        "threads": obj(["values"], {"values": arr(obj(["name", "crashed", "current", "stacktrace"], {
            "id": int_(), "name": str_(), "crashed": bool_(), "current": bool_(), "stacktrace": stack}))}),
        "fingerprint": {"type": "array", "minItems": 1, "maxItems": 1, "items": R("fingerprint")},
        "tags": {"type": "object", "additionalProperties": str_(), "required": ["gostack.kind"]},
        "extra": obj(["lines", "goroutines"], {"lines": str_(), "goroutines": int_(), "occurrences": {"type": "integer", "minimum": 1}})})})

write("ecs.schema.json", {"$schema": S, "$id": "https://gostack.dev/schemas/v1/ecs.schema.json",
    "title": "gostack --format ecs (version 1)",
    "description": "One Elastic Common Schema document per line, one per report. See docs/json-output.md.",
    **obj(["log.level", "message", "ecs.version", "error", "log", "event", "labels"], {
        "@timestamp": str_(), "log.level": {"enum": ["fatal", "error", "info"]}, "message": str_(),
        "ecs.version": str_(),
        "error": obj(["message", "type", "id"], {"message": str_(), "type": str_(), "id": R("fingerprint"), "stack_trace": str_()}),
        "log": obj(["logger"], {"logger": {"const": "gostack"}, "origin": obj(["function"], {
            "function": str_(), "file": obj([], {"name": str_(), "line": int_()})})}),
        "event": obj(["kind", "category", "type"], {"kind": {"const": "event"}, "category": arr({"enum": ["process"]}),
                                                    "type": arr({"enum": ["error", "info"]})}),
        "labels": {"type": "object", "additionalProperties": str_(), "required": ["gostack_kind"]}})})
