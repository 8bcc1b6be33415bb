#pragma once
// One question at a time from the control task to a network task, and its answer
// back. The lock is held only to copy, never across a network call, so the control
// task can always post, look and move on.
#include <freertos/FreeRTOS.h>
#include <freertos/semphr.h>

#include <optional>
#include <utility>

namespace shell {

template <class Question, class Answer>
class Mailbox {
 public:
  bool begin() { return (lock_ = xSemaphoreCreateMutex()) != nullptr; }

  // Control side. False while an earlier question is still open.
  bool post(Question q) {
    Guard g(lock_);
    if (question_ || answer_) return false;
    question_ = std::move(q);
    taken_ = false;
    return true;
  }
  std::optional<Answer> take_answer() {
    Guard g(lock_);
    std::optional<Answer> a = std::move(answer_);
    answer_.reset();
    return a;
  }
  bool idle() {
    Guard g(lock_);
    return !question_ && !answer_;
  }

  // Network side.
  std::optional<Question> take_question() {
    Guard g(lock_);
    if (!question_ || taken_) return std::nullopt;
    taken_ = true;
    return question_;
  }
  void answer(Answer a) {
    Guard g(lock_);
    answer_ = std::move(a);
    question_.reset();
  }

 private:
  struct Guard {
    explicit Guard(SemaphoreHandle_t l) : lock(l) { xSemaphoreTake(lock, portMAX_DELAY); }
    ~Guard() { xSemaphoreGive(lock); }
    SemaphoreHandle_t lock;
  };
  SemaphoreHandle_t lock_ = nullptr;
  std::optional<Question> question_;
  std::optional<Answer> answer_;
  bool taken_ = false;
};

}  // namespace shell
