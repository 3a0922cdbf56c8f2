# The metric names that postwire-dashboard.json's queries read: from each panel's
# PromQL, with strings, label matchers, ranges, grouping lists and function names
# taken out; and from label_values(metric, ...) in its variables.
def metric_names:
  gsub("\"(\\\\.|[^\"\\\\])*\""; "")
  | gsub("\\{[^}]*\\}"; "")
  | gsub("\\[[^\\]]*\\]"; "")
  | gsub("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)"; "")
  | [scan("[a-zA-Z_:][a-zA-Z0-9_:]*+(?!\\s*\\()")]
  | map(select(IN("and", "or", "unless", "bool", "offset", "inf", "nan") | not));

[
  (.panels[] | .targets[]? | .expr | metric_names[]),
  (.templating.list[] | .query.query? // empty | capture("label_values\\((?<m>[a-zA-Z_:][a-zA-Z0-9_:]*)") | .m)
] | unique | .[]
