package com.twosixty.relay.firestore;

import com.google.cloud.firestore.FieldValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tolerant reads of stored values: a field that is missing or of another type reads as empty
 * ({@code ""}, {@code 0}, an empty map or list), so a half-written or older document still reads.
 */
final class StoredValues {
  private StoredValues() {}

  static String text(Object value) {
    return value instanceof String s ? s : "";
  }

  static long number(Object value) {
    return value instanceof Number n ? n.longValue() : 0L;
  }

  static boolean flag(Object value) {
    return Boolean.TRUE.equals(value);
  }

  /** The map's entries with {@link String} keys, in their stored order. */
  static Map<String, Object> map(Object value) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> raw) {
      raw.forEach((k, v) -> map.put(String.valueOf(k), v));
    }
    return map;
  }

  /** Each item as {@link #text}: an item of another type reads as {@code ""}. */
  static List<String> texts(Object value) {
    List<String> texts = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(item -> texts.add(text(item)));
    }
    return texts;
  }

  /**
   * {@code stored} after a Firestore {@code update} with {@code fields}: each field replaced whole, a
   * dotted path setting one field of a map, {@link FieldValue#delete()} removing the field.
   */
  static Map<String, Object> updated(Map<String, Object> stored, Map<String, Object> fields) {
    Map<String, Object> doc = new LinkedHashMap<>(stored);
    fields.forEach((path, value) -> {
      int dot = path.indexOf('.');
      Map<String, Object> target = doc;
      String field = path;
      if (dot > 0) {
        Map<String, Object> parent = map(doc.get(path.substring(0, dot)));
        doc.put(path.substring(0, dot), parent);
        target = parent;
        field = path.substring(dot + 1);
      }
      if (FieldValue.delete().equals(value)) {
        target.remove(field);
      } else {
        target.put(field, value);
      }
    });
    return doc;
  }

  static List<Object> list(Object value) {
    return value instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>();
  }
}
