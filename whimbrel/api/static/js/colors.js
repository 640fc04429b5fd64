// One colour per PLOVER type: cooperation in blues and greens, conflict in yellows, oranges and reds,
// REQUEST (neither) in grey. The order is PLOVER's, from cooperation to conflict.

export const TYPES = [
  "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
  "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
];

export const TYPE_COLORS = {
  AGREE: "#1b9e77", CONSULT: "#66a61e", SUPPORT: "#2c7fb8", CONCEDE: "#41b6c4", COOPERATE: "#08589e",
  AID: "#4eb3d3", RETREAT: "#7fb8a4", REQUEST: "#9a9a9a", ACCUSE: "#e6ab02", REJECT: "#d9a35b",
  THREATEN: "#f46d43", PROTEST: "#b15928", SANCTION: "#984ea3", MOBILIZE: "#e7298a", COERCE: "#d73027",
  ASSAULT: "#67001f",
};

export function typeColor(type) {
  return TYPE_COLORS[type] || "#777";
}
