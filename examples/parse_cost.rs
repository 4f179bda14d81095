//! Checks the fast YAML path against serde_yaml over a folder and times both.
use std::time::Instant;
fn main() {
    let dir = std::env::args().nth(1).unwrap();
    let mut yamls = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let t = std::fs::read_to_string(e.unwrap().path()).unwrap();
        let d = hindsight::document::Document::split(&t);
        if let Some(fm) = d.front_matter {
            yamls.push(fm.yaml.to_string());
        }
    }
    let t = Instant::now();
    let full: Vec<serde_yaml::Value> = yamls
        .iter()
        .map(|y| serde_yaml::from_str(y).unwrap())
        .collect();
    println!("serde_yaml {:?}", t.elapsed());
    let t = Instant::now();
    let fast: Vec<Option<serde_yaml::Value>> = yamls
        .iter()
        .map(|y| hindsight::yaml::parse_plain(y))
        .collect();
    println!("fast {:?}", t.elapsed());
    let taken = fast.iter().filter(|f| f.is_some()).count();
    for (i, f) in fast.iter().enumerate() {
        if let Some(v) = f {
            assert_eq!(v, &full[i], "{}", yamls[i]);
        }
    }
    println!("{taken} of {} fast, all agree", yamls.len());
}
