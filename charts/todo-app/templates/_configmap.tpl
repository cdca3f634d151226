{{/*
One service's ConfigMap "<fullname>-<component>-config" from its `env` map (non-secret
settings only). A named template so the Deployment can hash exactly what is rendered
(checksum/config). Called with (dict "ctx" $ "component" "backend" "values" .Values.backend).
*/}}
{{- define "todo-app.configmap" -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "todo-app.componentName" . }}-config
  namespace: {{ .ctx.Release.Namespace }}
  labels:
    {{- include "todo-app.labels" . | nindent 4 }}
{{- with .values.env }}
data:
  {{- range $k, $v := . }}
  {{ $k }}: {{ toString $v | quote }}
  {{- end }}
{{- else }}
data: {}
{{- end }}
{{- end }}
