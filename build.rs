//! Embeds every `rules/*.yaml` file as the default pack, in file-name order, with a JSON copy of
//! each (serde_json parses it ~6× faster than YAML is parsed), and analyses the pack's regexes
//! ahead of time (`src/rules/regex_analysis.rs`, the loader's own code): start-up does not redo
//! what the build already knew.

use std::{collections::BTreeMap, collections::HashMap, env, fs, path::Path};

#[allow(dead_code)]
#[path = "src/rules/regex_analysis.rs"]
mod regex_analysis;
#[path = "src/text/t2s_data.rs"]
mod t2s_data;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    println!("cargo:rerun-if-changed=src/rules/regex_analysis.rs");
    println!("cargo:rerun-if-changed=src/text/t2s.txt");
    println!("cargo:rerun-if-changed=src/text/t2s_data.rs");
    let mut files: Vec<String> = fs::read_dir("rules")
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = String::from("/// The default packs: (path, YAML text), in load order.\npub static DEFAULT_PACKS: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=rules/{f}");
        out.push_str(&format!(
            "    (\"rules/{f}\", include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/rules/{f}\"))),\n"
        ));
    }
    out.push_str("];\n");
    let out_dir = env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    out.push_str(&packs_as_json(&files, Path::new(&out_dir)));
    write(&Path::new(&out_dir).join("default_packs.rs"), &out);
    write(
        &Path::new(&out_dir).join("regex_analyses.rs"),
        &regex_table(&files),
    );
}

/// `DEFAULT_PACKS_JSON`: each default pack's YAML as JSON (`None` where it cannot be), parsed
/// at start-up by serde_json in a fraction of the time YAML takes; the data and its order are
/// the YAML's, and a test compares the two parses.
fn packs_as_json(files: &[String], out_dir: &Path) -> String {
    let mut out = String::from(
        "/// The default packs as JSON, in the order of `DEFAULT_PACKS`.\npub static DEFAULT_PACKS_JSON: &[Option<&str>] = &[\n",
    );
    for f in files {
        let json = fs::read_to_string(Path::new("rules").join(f))
            .ok()
            .and_then(|text| serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&text).ok())
            .and_then(|value| serde_json::to_string(&value).ok());
        match json {
            Some(json) => {
                let name = format!("{f}.json");
                write(&out_dir.join(&name), &json);
                out.push_str(&format!(
                    "    Some(include_str!(concat!(env!(\"OUT_DIR\"), \"/{name}\"))),\n"
                ));
            }
            None => out.push_str("    None,\n"),
        }
    }
    out.push_str("];\n");
    out
}

fn write(dest: &Path, text: &str) {
    if let Err(e) = fs::write(dest, text) {
        println!("cargo:warning=cannot write {}: {e}", dest.display());
    }
}

/// `REGEX_ANALYSES`: (pattern as compiled, case-insensitive, required literals), sorted by
/// pattern, for every `regex:` of the default packs, plain and folded to Simplified Chinese.
/// A pattern the loader builds differently is simply not found and is analysed at run time.
fn regex_table(files: &[String]) -> String {
    let fold = t2s();
    let mut sources = Vec::new();
    for f in files {
        let Ok(text) = fs::read_to_string(Path::new("rules").join(f)) else {
            continue;
        };
        // A pack that does not parse is reported by the loader (and its tests), not here.
        if let Ok(value) = serde_yaml_ng::from_str::<serde_yaml_ng::Value>(&text) {
            collect_regexes(&value, &mut sources);
        }
    }
    let mut table = BTreeMap::new();
    for src in sources {
        let folded: String = src.chars().map(&fold).collect();
        for form in [src.clone(), folded] {
            let pattern = regex_analysis::ascii_perl_classes(&form);
            if let Ok(a) = regex_analysis::analyse(&pattern) {
                table.insert(pattern, a);
            }
        }
    }
    let mut out = String::from(
        "/// The default pack's regexes analysed at build time: (pattern, case-insensitive,\n/// required literals, they start every match), sorted by pattern.\nstatic REGEX_ANALYSES: &[KnownRegex] = &[\n",
    );
    for (pattern, a) in &table {
        let prefixes = match &a.prefixes {
            None => "None".to_string(),
            Some(list) => {
                let lits: Vec<String> = list.iter().map(|l| format!("&{l:?}")).collect();
                format!("Some(&[{}])", lits.join(", "))
            }
        };
        out.push_str(&format!(
            "    ({pattern:?}, {}, {prefixes}, {}),\n",
            a.case_insensitive, a.starts
        ));
    }
    out.push_str("];\n");
    out
}

fn collect_regexes(value: &serde_yaml_ng::Value, out: &mut Vec<String>) {
    use serde_yaml_ng::Value;
    match value {
        Value::Mapping(map) => {
            for (k, v) in map {
                match (k.as_str(), v) {
                    (Some("regex"), Value::String(s)) if !s.is_empty() => out.push(s.clone()),
                    _ => collect_regexes(v, out),
                }
            }
        }
        Value::Sequence(items) => items.iter().for_each(|v| collect_regexes(v, out)),
        Value::Tagged(t) => collect_regexes(&t.value, out),
        _ => {}
    }
}

/// Traditional → Simplified, as `text::fold_char` folds: the table's pairs
/// (`t2s_data::parse_pairs`), applied to the Han block only.
fn t2s() -> impl Fn(char) -> char {
    let data = fs::read_to_string("src/text/t2s.txt").unwrap_or_default();
    let table: HashMap<char, char> = t2s_data::parse_pairs(&data).collect();
    move |c| {
        if (t2s_data::HAN_FIRST..=t2s_data::HAN_LAST).contains(&(c as u32)) {
            table.get(&c).copied().unwrap_or(c)
        } else {
            c
        }
    }
}
