-- POST one product to /predict (wrk -s bench/predict.lua)
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title": "Apple iPhone 15 Pro Max", "seller_id": "seller_123", "brand": "Apple", "subcategory": "Smartphones", "price": 1299.99, "rating": 4.8, "reviews_count": 15234}'
