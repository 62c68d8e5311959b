// Plain HTTP client for Verdict (Node.js 18+, built-in fetch). Usage: node examples/node/client.mjs [BASE_URL]
// Posts positional feature vectors to the all-numeric penguins model and prints each prediction.
const base = process.argv[2] || process.env.VERDICT_URL || "http://127.0.0.1:8080";
const penguins = [
  [39.1, 18.7, 181, 3750],   // an Adelie from the training table's island of Torgersen
  [46.5, 17.9, 192, 3500],   // Chinstrap-like: long bill, deep
  [47.5, 15.0, 218, 4950],   // Gentoo-like: long flippers, heavy
];
for (const features of penguins) {
  const res = await fetch(`${base}/models/penguins/predict`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ features }),
  });
  const body = await res.json();
  if (!res.ok) {
    console.error(`HTTP ${res.status}: ${body.error}`);
    process.exit(1);
  }
  console.log(`Prediction for ${JSON.stringify(features)} is: ${body.prediction} (confidence ${body.confidence.toFixed(3)})`);
}
