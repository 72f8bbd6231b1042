const tel = require('./dist/libs/telemetry/src/telemetry.js');
const api = require('@opentelemetry/api');
(async () => {
process.env.OTEL_EXPORTER_OTLP_ENDPOINT='http://127.0.0.1:25940';
await tel.startTelemetry({ OTEL_ENABLED: true, OTEL_PULP_API_HISTOGRAM_BUCKETS: [] }, 'pulp-content');
const tracer = api.trace.getTracer('pulp');
const opts = { kind: api.SpanKind.SERVER, attributes: { 'http.request.method': 'GET' } };
const N = 1e6;
function bench(name, f) { const t=process.hrtime.bigint(); for (let i=0;i<N;i++) f(); console.log(name.padEnd(20), (Number(process.hrtime.bigint()-t)/N).toFixed(0), 'ns'); }
let rec=0;
for (let r=0;r<3;r++){
 bench('startSpan+end', ()=>{ const s=tracer.startSpan('GET /x', opts, api.context.active()); if (s.isRecording()) rec++; s.end(); });
 bench('ids', ()=>{ tracer._idGenerator.generateTraceId(); tracer._idGenerator.generateSpanId(); });
 bench('sampler', ()=>tracer._sampler.shouldSample(api.context.active(), tracer._idGenerator.generateTraceId(), 'GET /x', 1, {}, []));
}
console.log('recorded', rec, process.env.OTEL_TRACES_SAMPLER);
process.exit(0);
})();
