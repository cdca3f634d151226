{{/*
Expand the name of the chart.
*/}}
{{- define "todo-app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Create a default fully qualified app name, the prefix of every object name (helm create's
rule): fullnameOverride; else the release name when it contains the chart name; else
"<release>-<chart>". Truncated at 63 characters (DNS label limit).
*/}}
{{- define "todo-app.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Create chart name and version as used by the chart label.
*/}}
{{- define "todo-app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Name of one component's objects: "<fullname>-<component>", e.g. "todo-app-backend".
Called with (dict "ctx" $ "component" "backend").
*/}}
{{- define "todo-app.componentName" -}}
{{- printf "%s-%s" (include "todo-app.fullname" .ctx) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Common labels, on every object. Called with (dict "ctx" $ "component" "backend").
*/}}
{{- define "todo-app.labels" -}}
helm.sh/chart: {{ include "todo-app.chart" .ctx }}
{{ include "todo-app.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: {{ include "todo-app.name" .ctx }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- end }}

{{/*
Selector labels: name, instance and component only, so they never change on upgrade
(Deployment and StatefulSet selectors are immutable). Called with (dict "ctx" $ "component" "backend").
*/}}
{{- define "todo-app.selectorLabels" -}}
app.kubernetes.io/name: {{ include "todo-app.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Create the name of the service account to use.
*/}}
{{- define "todo-app.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "todo-app.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
The three application services: component name (object-name suffix, label) -> values key.
Use as (include "todo-app.components" . | fromJson).
*/}}
{{- define "todo-app.components" -}}
{"backend": "backend", "frontend-web": "frontendWeb", "frontend-chatbot": "frontendChatbot"}
{{- end }}

{{/*
"repository:tag" of an image values block.
*/}}
{{- define "todo-app.image" -}}
{{- printf "%s:%s" .repository .tag }}
{{- end }}

{{/*
Pod-level part of a restricted securityContext values block (the fields a PodSecurityContext has).
*/}}
{{- define "todo-app.podSecurityContext" -}}
{{- toYaml (pick . "runAsNonRoot" "runAsUser" "runAsGroup" "fsGroup" "seccompProfile") }}
{{- end }}

{{/*
Container-level part of a securityContext values block (everything but fsGroup).
*/}}
{{- define "todo-app.containerSecurityContext" -}}
{{- toYaml (omit . "fsGroup") }}
{{- end }}

{{/*
emptyDir volume name for a writable path: "/app/.next/cache" -> "app-next-cache".
*/}}
{{- define "todo-app.volumeName" -}}
{{- regexReplaceAll "[^a-z0-9]+" (lower .) "-" | trimAll "-" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Cross-field checks that values.schema.json can't express. Collects every problem and fails
once, naming each field. Included from templates/validate.yaml, so `helm template`,
`helm install`/`upgrade` (and the program's Release) fail on it; `helm lint` runs in lint mode,
where `fail` is only logged as [INFO].
*/}}
{{- define "todo-app.validateValues" -}}
{{- $msgs := list }}
{{- $nodePorts := dict }}
{{- range $component, $key := include "todo-app.components" . | fromJson }}
{{- $svc := index $.Values $key }}
{{- with $svc.service.nodePort }}
{{- if not (has $svc.service.type (list "NodePort" "LoadBalancer")) }}
{{- $msgs = append $msgs (printf "%s.service.nodePort: %d is set but %s.service.type is %s; use type NodePort or set nodePort to null" $key (int .) $key $svc.service.type) }}
{{- end }}
{{- $port := toString (int .) }}
{{- if hasKey $nodePorts $port }}
{{- $msgs = append $msgs (printf "%s.service.nodePort: %s is also %s.service.nodePort; NodePorts must be distinct" $key $port (get $nodePorts $port)) }}
{{- else }}
{{- $_ := set $nodePorts $port $key }}
{{- end }}
{{- end }}
{{- with $svc.autoscaling }}
{{- if and .enabled (gt (int .minReplicas) (int .maxReplicas)) }}
{{- $msgs = append $msgs (printf "%s.autoscaling.minReplicas: %d is above maxReplicas (%d); lower it or raise maxReplicas" $key (int .minReplicas) (int .maxReplicas)) }}
{{- end }}
{{- end }}
{{- range $probe := list "livenessProbe" "readinessProbe" }}
{{- $p := (index $svc $probe).port }}
{{- if and $p (not (kindIs "string" $p)) (ne (int $p) (int $svc.containerPort)) }}
{{- $msgs = append $msgs (printf "%s.%s.port: %d is not %s.containerPort (%d)" $key $probe (int $p) $key (int $svc.containerPort)) }}
{{- end }}
{{- end }}
{{- end }}
{{- with .Values.shutdown }}
{{- if le (int .terminationGracePeriodSeconds) (int .preStopSleepSeconds) }}
{{- $msgs = append $msgs (printf "shutdown.terminationGracePeriodSeconds: %d leaves no time to drain after shutdown.preStopSleepSeconds (%d); make it larger (the default adds 40 s)" (int .terminationGracePeriodSeconds) (int .preStopSleepSeconds)) }}
{{- end }}
{{- end }}
{{- $data := .Values.secrets.data | default dict }}
{{- if and .Values.secrets.managed (not $data) }}
{{- $msgs = append $msgs "secrets.data: is empty but secrets.managed is true; add the keys (DATABASE_URL, BETTER_AUTH_SECRET, ...) or set secrets.managed to false" }}
{{- end }}
{{- if and (not .Values.secrets.managed) $data }}
{{- $msgs = append $msgs "secrets.data: is set but secrets.managed is false, so it would be ignored; set secrets.managed to true or create the Secret outside the chart" }}
{{- end }}
{{- if and .Values.postgresql.enabled .Values.secrets.managed (not (hasKey $data .Values.postgresql.auth.passwordKey)) }}
{{- $msgs = append $msgs (printf "secrets.data: has no key %s (postgresql.auth.passwordKey), which postgresql.enabled needs" .Values.postgresql.auth.passwordKey) }}
{{- end }}
{{- if $msgs }}
{{- fail (printf "\nvalues validation failed:\n- %s" (join "\n- " $msgs)) }}
{{- end }}
{{- end }}

{{/*
checkov.io/skipN annotations, each with its reason, for checks this chart fails on purpose.
Called with a list of keys: image, envSecrets, runToCompletion, lowUid.
*/}}
{{- define "todo-app.checkovSkips" -}}
{{- $reasons := dict
  "image" (list
    "CKV_K8S_43=Images are referenced by content-addressed tags set by the Pulumi program; in dev they are loaded into the node and have no registry digest"
    "CKV_K8S_15=Tags are immutable content hashes, so IfNotPresent is safe; Always would fail for images loaded into Minikube that exist in no registry")
  "envSecrets" (list
    "CKV_K8S_35=The services read DATABASE_URL, BETTER_AUTH_SECRET and OPENAI_API_KEY from the environment (runtime contract); the Secret is not in any ConfigMap or image")
  "runToCompletion" (list
    "CKV_K8S_8=A run-to-completion helm test pod serves nothing a liveness probe could check"
    "CKV_K8S_9=A run-to-completion helm test pod receives no traffic, so it has no readiness")
  "lowUid" (list
    "CKV_K8S_40=The postgres alpine image owns its files as uid/gid 70; still non-root with every privilege dropped") }}
{{- $n := 0 }}
{{- range $key := . }}
{{- range $reason := get $reasons $key }}
{{- $n = add1 $n }}
checkov.io/skip{{ $n }}: {{ $reason | quote }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Where one workload's pods may run: helm create's nodeSelector, affinity and tolerations, each
per workload (the database's node is rarely the web tier's). Empty values render nothing.
Called with the workload's values, e.g. (include "todo-app.scheduling" .Values.backend).
*/}}
{{- define "todo-app.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end }}
