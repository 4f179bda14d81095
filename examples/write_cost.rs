use rayon::prelude::*;
use std::time::Instant;
fn main() {
    let data = vec![b'x'; 10_000];
    for threads in [8, 2, 1, 4, 2, 8] {
        let dir = format!("/tmp/wc{threads}");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let t = Instant::now();
        pool.install(|| {
            (0..10_000)
                .into_par_iter()
                .for_each(|i| std::fs::write(format!("{dir}/{i:05}.html"), &data).unwrap())
        });
        println!("{threads} threads: {:?}", t.elapsed());
    }
    let t = Instant::now();
    for threads in [8, 2, 1, 4] {
        std::fs::remove_dir_all(format!("/tmp/wc{threads}")).unwrap();
    }
    println!("remove all: {:?}", t.elapsed());
}
