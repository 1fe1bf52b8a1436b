fn main() {
    println!("scwin");
}
