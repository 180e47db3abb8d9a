/* pinpai search: placeholder — the search engineer replaces this file. */
