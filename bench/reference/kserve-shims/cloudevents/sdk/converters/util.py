def has_binary_headers(headers):
    return False
