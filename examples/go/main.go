// Plain HTTP client for Verdict, standard library only. Usage: go run examples/go/main.go [BASE_URL]
// Posts positional feature vectors to the all-numeric penguins model and prints each prediction.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"time"
)

type prediction struct {
	Prediction string  `json:"prediction"`
	Confidence float64 `json:"confidence"`
	Error      string  `json:"error"`
}

func main() {
	base := "http://127.0.0.1:8080"
	if len(os.Args) > 1 {
		base = os.Args[1]
	} else if env := os.Getenv("VERDICT_URL"); env != "" {
		base = env
	}
	client := &http.Client{Timeout: 10 * time.Second}
	penguins := [][]float64{{39.1, 18.7, 181, 3750}, {46.5, 17.9, 192, 3500}, {47.5, 15.0, 218, 4950}}
	for _, features := range penguins {
		body, _ := json.Marshal(map[string][]float64{"features": features})
		resp, err := client.Post(base+"/models/penguins/predict", "application/json", bytes.NewReader(body))
		if err != nil {
			fmt.Fprintln(os.Stderr, "request failed:", err)
			os.Exit(1)
		}
		var p prediction
		err = json.NewDecoder(resp.Body).Decode(&p)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			fmt.Fprintf(os.Stderr, "HTTP %d: %s %v\n", resp.StatusCode, p.Error, err)
			os.Exit(1)
		}
		js, _ := json.Marshal(features)
		fmt.Printf("Prediction for %s is: %s (confidence %.3f)\n", js, p.Prediction, p.Confidence)
	}
}
