export async function reserve(id: string): Promise<string> {
  return `reserved ${id}`;
}
export async function charge(id: string): Promise<string> {
  return `charged ${id}`;
}
export async function confirm(id: string): Promise<string> {
  return `confirmed ${id}`;
}
